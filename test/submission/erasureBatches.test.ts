import { Transaction } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { batchGasLimit, eraseGasLimit } from "../../lib/adapters/evm/batchPlanner.js";
import { tombstoneEntry } from "../../lib/domain/erasure.js";
import { subjectKey } from "../../lib/domain/subject.js";
import { ERASED_REASON, returnToQueue } from "../../lib/submission/dropTransaction.js";
import { ingestUpdate } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { bank, closeBanks, drain } from "../support/chainBank.js";
import { ManualClock, MemoryOutbox, MemoryResults } from "../support/memoryPorts.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

afterAll(closeBanks);

describe("submitNextBatch with tombstones", () => {
  it("sends waiting tombstones first and alone with eraseBatch, and signs updates for the worst case meanwhile", async () => {
    const b = await bank();
    const update = sampleUpdate(1);
    await ingestUpdate(b.deps, { body: update });
    await drain(b);
    const key = subjectKey(update.subject, b.deps.settings.subjectKeySecret);
    await ingestUpdate(b.deps, { body: sampleUpdate(2) });
    await b.deps.outbox.add(tombstoneEntry(key, b.deps.clock.now().toISOString()));
    const [tombstone] = (await submitNextBatch(b.deps)).submitted;
    const [updates] = (await submitNextBatch(b.deps)).submitted;
    const stored = await b.deps.transactions.get(b.wallet.address, tombstone?.nonce ?? -1);
    expect(stored?.kind).toBe("erasure");
    expect(Transaction.from(stored?.raw).data.slice(0, 10)).toBe(b.ledger.encodeEraseBatch([]).slice(0, 10));
    expect(Transaction.from(stored?.raw).gasLimit).toBe(eraseGasLimit(1));
    const next = await b.deps.transactions.get(b.wallet.address, updates?.nonce ?? -1);
    expect(Transaction.from(next?.raw).gasLimit).toBe(batchGasLimit(1));
    await drain(b);
    expect(await b.ledger.getRecord(key, b.wallet.address)).toBeNull();
  });
});

describe("returnToQueue", () => {
  it("fails an update of an erased subject with one result instead of sending it again after the tombstone", async () => {
    const deps = { outbox: new MemoryOutbox(), results: new MemoryResults(), clock: new ManualClock() };
    const [erased, other] = [sampleEntry(sampleUpdate(1)), sampleEntry(sampleUpdate(2))];
    await deps.outbox.addMany([erased, other]);
    const at = "2026-11-22T10:01:00.000Z";
    await deps.outbox.markSubmitted([erased, other], { txHash: "0xabc", nonce: 0, at });
    const gone = { ...erased, record: null, salt: null, erasedAt: at, status: "submitted" as const };
    const outcome = await returnToQueue(deps, [gone, { ...other, status: "submitted" }], "dropped");
    expect(outcome).toEqual({ requeued: [other.updateId], failed: [erased.updateId] });
    expect(deps.results.published).toMatchObject([
      { updateId: erased.updateId, status: "failed", reason: ERASED_REASON },
    ]);
    expect([...deps.outbox.pendingIds]).toEqual([other.updateId]);
  });
});
