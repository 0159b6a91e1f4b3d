import { describe, expect, it } from "vitest";
import { reconcileOutbox } from "../../lib/reconciliation/reconcileOutbox.js";
import { MemoryOutboxReader } from "../support/memoryDistribution.js";
import { ManualClock, MemoryOutbox, MemoryResults } from "../support/memoryPorts.js";
import { MemoryTransactions } from "../support/memoryTransactions.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const ADDRESS = "0x" + "a1".repeat(20);

const settings = {
  acceptedOlderThanInMs: 60_000,
  submittedOlderThanInMs: 600_000,
  scanLimit: 100,
};

async function setup() {
  const clock = new ManualClock(new Date("2026-11-22T10:00:00.000Z"));
  const outbox = new MemoryOutbox();
  const transactions = new MemoryTransactions();
  const deps = {
    outbox,
    outboxReader: new MemoryOutboxReader(outbox.entries),
    transactions,
    writer: { account: async () => ADDRESS },
    results: new MemoryResults(),
    clock,
    settings,
  };
  return { deps, outbox, clock, transactions };
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

  it("requeues updates left submitted under a dropped transaction (a drop that lost a race), reporting them", async () => {
    const { deps, outbox, clock, transactions } = await setup();
    const [stranded, waiting] = [1, 2].map((n) => sampleEntry(sampleUpdate(n), "2026-11-22T09:00:00.000Z"));
    for (const e of [stranded!, waiting!]) await outbox.add(e);
    await outbox.unlist([stranded!, waiting!]);
    const dropped = { txHash: "0x" + "d0".repeat(32), nonce: 7, at: "2026-11-22T09:01:00.000Z" };
    const live = { txHash: "0x" + "11".repeat(32), nonce: 8, at: "2026-11-22T09:01:00.000Z" };
    await outbox.markSubmitted([stranded!], dropped);
    await outbox.markSubmitted([waiting!], live);
    const tx = (nonce: number, hash: string, status: "dropped" | "broadcast") => ({
      address: ADDRESS,
      nonce,
      hash,
      raw: "0x",
      entries: [],
      status,
      createdAt: dropped.at,
      broadcasts: 1,
    });
    await transactions.store(tx(7, dropped.txHash, "dropped"));
    await transactions.store(tx(8, live.txHash, "broadcast"));
    clock.advance(3_600_000);

    const findings = await reconcileOutbox(deps);
    expect(findings.map((f) => [f.kind, f.updateId, f.repaired])).toEqual([
      ["submitted-too-long", waiting!.updateId, false],
      ["submitted-under-dropped", stranded!.updateId, true],
    ]);
    expect((await outbox.get(stranded!.updateId))?.status).toBe("accepted");
    expect([...outbox.pendingIds]).toEqual([stranded!.updateId]);
    expect((await outbox.get(waiting!.updateId))?.status).toBe("submitted");
  });

  it("requeues them a minute after the drop, long before the stuck threshold, and leaves a drop in progress alone", async () => {
    const { deps, outbox, clock, transactions } = await setup();
    const [left, justNow] = [1, 2].map((n) => sampleEntry(sampleUpdate(n), "2026-11-22T09:58:00.000Z"));
    for (const e of [left!, justNow!]) await outbox.add(e);
    await outbox.unlist([left!, justNow!]);
    const txHash = "0x" + "d0".repeat(32);
    await outbox.markSubmitted([left!], { txHash, nonce: 7, at: "2026-11-22T09:58:30.000Z" });
    await outbox.markSubmitted([justNow!], { txHash, nonce: 7, at: "2026-11-22T09:59:40.000Z" });
    await transactions.store({
      address: ADDRESS,
      nonce: 7,
      hash: txHash,
      raw: "0x",
      entries: [],
      status: "dropped",
      createdAt: "2026-11-22T09:58:30.000Z",
      broadcasts: 1,
    });

    const findings = await reconcileOutbox(deps);
    expect(findings.map((f) => [f.kind, f.updateId])).toEqual([["submitted-under-dropped", left!.updateId]]);
    expect((await outbox.get(left!.updateId))?.status).toBe("accepted");
    expect((await outbox.get(justNow!.updateId))?.status).toBe("submitted");
    clock.advance(60_000);
    expect((await reconcileOutbox(deps)).map((f) => f.updateId)).toEqual([justNow!.updateId]);
  });
});
