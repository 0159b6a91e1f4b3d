// CPU time of processes from /proc (Linux), so the benchmark can say where the time goes.
import { readFileSync } from "node:fs";

/** User + system CPU time of a process in milliseconds, or null when it is gone or /proc is unavailable. */
export function cpuTimeInMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return null;
  }
}

/** Samples several named processes; `shares()` gives each one's CPU use over the interval as a share of one core. */
export function cpuSampler(pids: Record<string, number | undefined>): { shares(): Record<string, number | null> } {
  const start = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuTimeInMs(pid)]));
  const startedAt = performance.now();
  return {
    shares() {
      const elapsed = performance.now() - startedAt;
      return Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => {
          const before = start[name];
          const after = cpuTimeInMs(pid);
          return [
            name,
            before === null || before === undefined || after === null ? null : round((after - before) / elapsed),
          ];
        }),
      );
    },
  };
}

/** The value at percentile `p` (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
