import { describe, expect, it } from "vitest";
import type { ConsoleCounters, CounterRow } from "../../lib/ports/console.js";
import { countFinal, countIngested, countSubmitted } from "../../lib/console/recordCounters.js";

function memoryCounters(failing = false) {
  const rows = new Map<string, CounterRow>();
  const enqueue = new Map<number, number[]>();
  const fail = async () => {
    if (failing) throw new Error("storage down");
  };
  const counters: ConsoleCounters = {
    put: async (row) => void (await fail(), rows.set(`${row.minute}/${row.key}`, row)),
    read: async () => [...rows.values()],
    prune: async () => 0,
    putEnqueueTimes: async (nonce, times) => void (await fail(), enqueue.set(nonce, [...times])),
    takeEnqueueTimes: async (nonce) => {
      await fail();
      const times = enqueue.get(nonce) ?? [];
      enqueue.delete(nonce);
      return times;
    },
  };
  return { counters, rows };
}

const at = new Date("2026-12-05T08:00:30Z");
const warnings: string[] = [];
const deps = (counters: ConsoleCounters) => ({
  console: { counters },
  clock: { now: () => at },
  logger: { warn: (_fields: object, message: string) => void warnings.push(message) },
});

describe("countIngested", () => {
  it("writes one row per batch, by outcome", async () => {
    const { counters, rows } = memoryCounters();
    await countIngested(deps(counters), "inv-1", ["accepted", "accepted", "rejected"]);
    expect([...rows.values()]).toEqual([
      { minute: "202612050800", key: "ingest-inv-1", counts: { received: 3, accepted: 2, rejected: 1 } },
    ]);
  });

  it("logs a failed write and never throws", async () => {
    const { counters } = memoryCounters(true);
    await expect(countIngested(deps(counters), "inv-2", ["accepted"])).resolves.toBeUndefined();
    expect(warnings).toContain("console counters");
  });
});

describe("countFinal", () => {
  it("times a mined batch's updates from their enqueue, once", async () => {
    const { counters, rows } = memoryCounters();
    const enqueued = [new Date(at.getTime() - 2_000).toISOString(), new Date(at.getTime() - 9_000).toISOString()];
    await countSubmitted(deps(counters), { nonce: 4, receivedAt: enqueued });
    await countFinal(deps(counters), { nonce: 4, outcome: "confirmed" }, { confirmed: 2 });
    const final = rows.get("202612050800/final-4");
    expect(final?.counts).toEqual({ confirmed: 2 });
    expect(Object.values(final?.latencies ?? {}).reduce((a, b) => a + b, 0)).toBe(2);
    expect(rows.get("202612050800/submit-4")?.counts).toEqual({ submitted: 2 });
  });

  it("does not time a dropped transaction's requeued updates", async () => {
    const { counters, rows } = memoryCounters();
    await countSubmitted(deps(counters), { nonce: 5, receivedAt: [at.toISOString()] });
    await countFinal(deps(counters), { nonce: 5, outcome: "dropped" }, { requeued: 1 });
    expect(rows.get("202612050800/final-5")?.latencies).toBeUndefined();
  });
});
