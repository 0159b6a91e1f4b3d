import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../local/bank/random.js";
import { FAULT_KINDS, parseFaultKinds, planFaults } from "../../../local/soak/faultPlan.js";
import { p50AndMax, recoverySeconds, throughput } from "../../../local/soak/recovery.js";
import { subjectIdFinder } from "../../../local/soak/subjectIdFinder.js";
import type { SentMessage } from "../../../local/soak/loadGenerator.js";

const options = { kinds: FAULT_KINDS, banks: ["bank-a", "bank-b"], windowInMs: 90_000, meanGapInMs: 0 };

describe("planFaults", () => {
  it("plans every kind once inside the window, the same way for the same seed", () => {
    const plan = planFaults(seededRandom("s"), options);
    expect(plan.map((f) => f.kind).sort()).toEqual([...FAULT_KINDS].sort());
    expect(plan.every((f) => f.atMs >= 0 && f.atMs + f.durationMs <= options.windowInMs)).toBe(true);
    expect(planFaults(seededRandom("s"), options)).toEqual(plan);
    expect(planFaults(seededRandom("t"), options)).not.toEqual(plan);
  });

  it("draws more faults at random gaps when asked, and longer outages in a long window", () => {
    const long = { ...options, windowInMs: 30 * 60_000, meanGapInMs: 60_000 };
    const plan = planFaults(seededRandom("s"), long);
    expect(plan.length).toBeGreaterThan(FAULT_KINDS.length + 10);
    const down = plan.filter((f) => f.kind === "receiver-down" && f.durationMs > 0);
    expect(Math.min(...down.map((f) => f.durationMs))).toBeGreaterThanOrEqual(120_000);
  });
});

describe("parseFaultKinds", () => {
  it("takes all, none or a list, and names unknown kinds", () => {
    expect(parseFaultKinds("all")).toEqual([...FAULT_KINDS]);
    expect(parseFaultKinds("none")).toEqual([]);
    expect(parseFaultKinds("host-kill, rpc-lag")).toEqual(["host-kill", "rpc-lag"]);
    expect(() => parseFaultKinds("host-kill,meteor")).toThrow(/meteor/);
  });
});

describe("recoverySeconds", () => {
  const fault = { kind: "host-kill" as const, bank: "bank-a", startedAt: 1_000, endedAt: 2_000, detail: "" };
  it("counts until the last answer waiting in the fault's scope at its end arrived", () => {
    const work = [
      { bank: "bank-a", startedAt: 500, doneAt: 7_000 },
      { bank: "bank-b", startedAt: 500, doneAt: 30_000 },
      { bank: "bank-a", startedAt: 3_000, doneAt: 40_000 },
    ];
    expect(recoverySeconds(fault, work, [])).toBe(5);
    expect(recoverySeconds({ ...fault, kind: "rpc-down" }, work, [])).toBe(28);
    expect(recoverySeconds(fault, [{ bank: "bank-a", startedAt: 0, doneAt: undefined }], [])).toBe(Infinity);
  });
});

describe("throughput and p50AndMax", () => {
  it("splits final results between time with and without lasting faults", () => {
    const faults = [{ kind: "rpc-lag" as const, bank: "a", startedAt: 0, endedAt: 10_000, detail: "" }];
    const finals = [1_000, 2_000, 15_000, 16_000, 17_000, 18_000];
    expect(throughput(faults, finals, { from: 0, to: 20_000 })).toEqual({
      duringFaults: 0.2,
      withoutFaults: 0.4,
      secondsWithFaults: 10,
    });
    expect(p50AndMax([3, 1, Infinity, 2])).toEqual({ p50: 2, max: 3 });
  });
});

describe("subjectIdFinder", () => {
  it("finds a sent subject id in any of its forms inside longer text", () => {
    const sent = [{ message: { body: { subject: { id: "19800101-1234" } } } }] as unknown as SentMessage[];
    const find = subjectIdFinder(sent);
    expect(find("xx198001011234yy")).toBe("198001011234");
    expect(find("model 19800101-1234")).toBe("19800101-1234");
    expect(find("FICO8")).toBeUndefined();
  });
});
