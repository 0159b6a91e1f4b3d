import { describe, expect, it } from "vitest";
import type { Backlog, CounterRow } from "../../lib/ports/console.js";
import { getPipelineView } from "../../lib/console/getPipelineView.js";
import { histogramOf } from "../../lib/domain/latencyHistogram.js";
import type { StoredTransaction } from "../../lib/ports/submission.js";

const now = new Date("2026-12-05T08:00:30Z");

describe("getPipelineView", () => {
  it("charts 30 minutes of counter rows, reads latency from their histograms and ages the transactions in flight", async () => {
    const rows: CounterRow[] = [
      { minute: "202612050759", key: "ingest-1", counts: { received: 10, accepted: 9, rejected: 1 } },
      { minute: "202612050800", key: "submit-3", counts: { submitted: 9 } },
      {
        minute: "202612050800",
        key: "final-3",
        counts: { confirmed: 8, superseded: 1 },
        latencies: histogramOf([900, 950, 3_000]),
      },
      { minute: "202612050800", key: "dispatch-1", counts: { "delivered:s1": 4 } },
    ];
    let window: [string, string] | undefined;
    const backlog: Backlog = {
      pending: async (limit) => ({ count: limit, capped: true, oldestAcceptedAt: "2026-12-05T07:59:00.000Z" }),
      deadLetters: async () => [
        { queue: "inbound", count: 0, capped: false },
        { queue: "delivery", error: "peek refused" },
      ],
    };
    const inFlight = {
      nonce: 4,
      hash: "0xabc",
      status: "broadcast",
      entries: [{}, {}],
      createdAt: "2026-12-05T08:00:00Z",
      broadcasts: 2,
    };
    const view = await getPipelineView({
      counters: {
        read: async (from, to) => ((window = [from, to]), rows),
        put: async () => {},
        prune: async () => 0,
        putEnqueueTimes: async () => {},
        takeEnqueueTimes: async () => [],
      },
      backlog,
      transactions: { unfinished: async () => [inFlight as unknown as StoredTransaction] },
      address: "0x1",
      clock: { now: () => now },
    });
    expect(window).toEqual(["202612050731", "202612050800"]);
    expect(view.minutes).toHaveLength(30);
    expect(view.minutes.at(-2)).toMatchObject({
      at: "2026-12-05T07:59:00.000Z",
      received: 10,
      accepted: 9,
      rejected: 1,
    });
    expect(view.minutes.at(-1)).toMatchObject({ submitted: 9, confirmed: 8, superseded: 1, failed: 0 });
    expect(view.latency.samples).toBe(3);
    expect(view.latency.p50InMs).toBeGreaterThanOrEqual(950);
    expect(view.latency.p99InMs).toBeGreaterThanOrEqual(3_000);
    expect(view.pending).toEqual({ count: 1_000, capped: true, oldestAcceptedAt: "2026-12-05T07:59:00.000Z" });
    expect(view.inFlight).toEqual([
      { nonce: 4, txHash: "0xabc", status: "broadcast", updates: 2, ageInSeconds: 30, broadcasts: 2 },
    ]);
    expect(view.deadLetters[1]).toEqual({ queue: "delivery", error: "peek refused" });
  });
});
