import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTableConsoleCounters } from "../../lib/adapters/tables/tableConsoleCounters.js";
import { testStack } from "../stack.js";

const open = () =>
  openTableConsoleCounters(testStack().storageConnectionString, `counters${randomBytes(4).toString("hex")}`);

describe("TableConsoleCounters", () => {
  it("reads the rows of a minute range, a replayed step's row replacing its first", async () => {
    const counters = await open();
    await counters.put({ minute: "202612050759", key: "ingest-1", counts: { received: 5 } });
    await counters.put({ minute: "202612050800", key: "final-7", counts: { confirmed: 2 }, latencies: { "3": 2 } });
    await counters.put({ minute: "202612050800", key: "final-7", counts: { confirmed: 3 }, latencies: { "4": 3 } });
    await counters.put({
      minute: "202612050802",
      key: "dispatch-1",
      counts: { "delivered:s": 1 },
      notes: { s: "500" },
    });
    const rows = await counters.read("202612050800", "202612050802");
    expect(rows.map((r) => [r.minute, r.key, r.counts, r.latencies, r.notes])).toEqual([
      ["202612050800", "final-7", { confirmed: 3 }, { "4": 3 }, undefined],
      ["202612050802", "dispatch-1", { "delivered:s": 1 }, undefined, { s: "500" }],
    ]);
  });

  it("hands a transaction's enqueue times to its confirmation once", async () => {
    const counters = await open();
    await counters.putEnqueueTimes(12, [1_000, 2_000]);
    expect(await counters.takeEnqueueTimes(12)).toEqual([1_000, 2_000]);
    expect(await counters.takeEnqueueTimes(12)).toEqual([]);
  });

  it("prunes the minutes before a bound, oldest first, up to the limit", async () => {
    const counters = await open();
    for (const minute of ["202612040700", "202612040701", "202612050800"]) {
      await counters.put({ minute, key: "ingest-x", counts: { received: 1 } });
    }
    await counters.putEnqueueTimes(3, [1]);
    expect(await counters.prune("202612050000", 1)).toBe(1);
    expect(await counters.prune("202612050000", 10)).toBe(1);
    expect((await counters.read("202612040000", "202612059999")).map((r) => r.minute)).toEqual(["202612050800"]);
    expect(await counters.takeEnqueueTimes(3)).toEqual([1]);
  });
});
