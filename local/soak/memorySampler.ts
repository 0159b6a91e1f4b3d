// Each supervised process's resident memory over the run, read from /proc every few seconds (Linux; elsewhere the
// report says memory was not sampled). Per process instance (a restart starts a new one) it reports the memory after
// warm-up and at its end, each the median over two minutes so a garbage collection's saw-tooth does not decide.
import { readFileSync } from "node:fs";
import type { ComponentStatus } from "../consortium/supervisor.js";

/** One reading. */
export interface Sample {
  name: string;
  pid: number;
  at: number;
  rssBytes: number;
}

/** Memory of one process instance over the run, in MB. */
export interface InstanceMemory {
  name: string;
  pid: number;
  minutes: number;
  /** Median of the first samples after warm-up, and of the last samples. */
  afterWarmUpMb: number;
  atEndMb: number;
  maxMb: number;
  growthPercent: number;
}

const WARM_UP_MS = 3 * 60_000;
/** Each end of the measured span is the median over this long: several GC cycles, not one sample. */
const WINDOW_MS = 2 * 60_000;
const MIN_MEASURED_MS = 5 * 60_000;

/** Samples every `everyMs` until stopped; `summary` covers instances measured for 5 minutes after warm-up. */
export function sampleMemory(components: () => ComponentStatus[], everyMs = 10_000) {
  const samples: Sample[] = [];
  const supported = process.platform === "linux";
  const read = () => {
    for (const { name, pid } of components()) {
      const rssBytes = pid === undefined ? undefined : residentBytes(pid);
      if (pid !== undefined && rssBytes !== undefined) samples.push({ name, pid, at: Date.now(), rssBytes });
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    readings: () => samples.length,
    stop: () => clearInterval(timer),
    summary: (): InstanceMemory[] | "not sampled" => (supported ? summariseMemory(samples) : "not sampled"),
  };
}

/** Per instance measured for at least 5 minutes after warm-up: memory after warm-up, at its end, and the growth. */
export function summariseMemory(samples: readonly Sample[]): InstanceMemory[] {
  const byInstance = new Map<string, Sample[]>();
  for (const s of samples) byInstance.set(`${s.name}/${s.pid}`, [...(byInstance.get(`${s.name}/${s.pid}`) ?? []), s]);
  return [...byInstance.values()].flatMap((run) => {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last) return [];
    const warm = run.filter((s) => s.at - first.at >= WARM_UP_MS);
    const warmFrom = warm[0]?.at ?? last.at;
    if (last.at - warmFrom < MIN_MEASURED_MS) return [];
    const afterWarmUp = median(warm.filter((s) => s.at < warmFrom + WINDOW_MS));
    const atEnd = median(warm.filter((s) => s.at > last.at - WINDOW_MS));
    return [
      {
        name: first.name,
        pid: first.pid,
        minutes: Math.round((last.at - first.at) / 6_000) / 10,
        afterWarmUpMb: mb(afterWarmUp),
        atEndMb: mb(atEnd),
        maxMb: mb(Math.max(...warm.map((s) => s.rssBytes))),
        growthPercent: Math.round(((atEnd - afterWarmUp) / afterWarmUp) * 1000) / 10,
      },
    ];
  });
}

function median(samples: readonly Sample[]): number {
  const sorted = samples.map((s) => s.rssBytes).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 102.4) / 10;
}

/** VmRSS of a process, or undefined when it is gone or /proc is not there. */
function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
