import { describe, expect, it } from "vitest";
import { reconcileOutbox } from "../../lib/reconciliation/reconcileOutbox.js";
import { MemoryOutboxReader } from "../support/memoryDistribution.js";
import { ManualClock, MemoryOutbox } from "../support/memoryPorts.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const settings = {
  acceptedOlderThanInMs: 60_000,
  submittedOlderThanInMs: 600_000,
  scanLimit: 100,
};

async function setup() {
  const clock = new ManualClock(new Date("2026-11-22T10:00:00.000Z"));
  const outbox = new MemoryOutbox();
  const deps = {
    outbox,
    outboxReader: new MemoryOutboxReader(outbox.entries),
    clock,
    settings,
  };
  return { deps, outbox, clock };
}

describe("reconcileOutbox", () => {
  it("re-lists old accepted entries and reports stuck submissions, reading only unfinished entries", async () => {
    const { deps, outbox, clock } = await setup();
    const [accepted, submitted, confirmed] = [1, 2, 3].map((n) =>
      sampleEntry(sampleUpdate(n), "2026-11-22T09:00:00.000Z"),
    );
    for (const e of [accepted, submitted, confirmed]) await outbox.add(e!);
    await outbox.unlist([accepted!, submitted!, confirmed!]);
    const tx = { txHash: "0x" + "ab".repeat(32), nonce: 1, at: "2026-11-22T09:01:00.000Z" };
    await outbox.markSubmitted([submitted!, confirmed!], tx);
    await outbox.markFinal([{ updateId: confirmed!.updateId, status: "confirmed", at: tx.at }]);
    clock.advance(3_600_000);

    const findings = await reconcileOutbox(deps);
    expect(findings.map((f) => [f.kind, f.updateId, f.repaired])).toEqual([
      ["accepted-not-batched", accepted!.updateId, true],
      ["submitted-too-long", submitted!.updateId, false],
    ]);
    expect([...outbox.pendingIds]).toEqual([accepted!.updateId]);
  });

  it("finds nothing in a healthy outbox", async () => {
    const { deps, outbox } = await setup();
    await outbox.add(sampleEntry(sampleUpdate(1), "2026-11-22T09:59:50.000Z"));
    expect(await reconcileOutbox(deps)).toEqual([]);
  });
});
