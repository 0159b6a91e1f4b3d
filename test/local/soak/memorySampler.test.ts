import { describe, expect, it } from "vitest";
import { sampleMemory, summariseMemory, type Sample } from "../../../local/soak/memorySampler.js";

const MB = 1024 * 1024;
const minute = 60_000;

// One sample every 10 s for `minutes`, memory from `mbAt(t in minutes)`.
function run(name: string, pid: number, minutes: number, mbAt: (t: number) => number): Sample[] {
  return Array.from({ length: minutes * 6 }, (_, i) => ({ name, pid, at: i * 10_000, rssBytes: mbAt(i / 6) * MB }));
}

describe("memory per process instance over a soak", () => {
  it("reports flat memory as flat despite a GC saw-tooth, and growth as growth", () => {
    const flat = run("bank-a", 10, 20, (t) => (Math.floor(t * 6) % 2 === 0 ? 400 : 700));
    const growing = run("bank-b", 11, 20, (t) => 300 + 10 * t);
    const [a, b] = summariseMemory([...flat, ...growing]);
    expect(a).toMatchObject({ name: "bank-a", pid: 10, growthPercent: 0, maxMb: 700 });
    expect(b?.name).toBe("bank-b");
    expect(b?.growthPercent).toBeGreaterThan(40);
  });

  it("leaves out an instance that did not live past warm-up long enough (killed and restarted)", () => {
    const killed = run("bank-a", 10, 7, () => 400);
    const restarted = run("bank-a", 12, 12, () => 500).map((s) => ({ ...s, at: s.at + 6 * minute }));
    expect(summariseMemory([...killed, ...restarted]).map((m) => m.pid)).toEqual([12]);
  });

  it("reads a live process's resident memory from /proc", () => {
    const sampler = sampleMemory(() => [{ name: "self", state: "up", restarts: 0, pid: process.pid }], 60_000);
    sampler.stop();
    if (process.platform !== "linux") return expect(sampler.summary()).toBe("not sampled");
    expect(sampler.readings()).toBe(1);
    expect(sampler.summary()).toEqual([]);
  });
});
