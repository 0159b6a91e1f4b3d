// When a transaction counts as replaced (its nonce used by other bytes): only when two confirmation checks at
// different blocks show the nonce used and no receipt of ours. The 30-minute soak found eight mined batches dropped
// and their updates written twice: a node that is storing our block shows our nonce used before it serves the
// receipt (anvil does, and a load balancer answering a batch's calls on parallel paths). The first test fails
// without the rule.
import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/domain/appError.js";
import type { TransactionSnapshot } from "../../lib/domain/ledgerTypes.js";
import { confirmTransaction } from "../../lib/submission/confirmTransaction.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { MemoryLedgerWriter } from "../support/memoryLedgerWriter.js";
import { ManualClock, MemoryOutbox, MemoryResults } from "../support/memoryPorts.js";
import { MemoryTransactions } from "../support/memoryTransactions.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const ACCOUNT = "0x" + "ab".repeat(20);

/** A ledger whose node shows the nonce of the transactions in `storing` used but serves no receipt for them yet. */
class StoringNode extends MemoryLedgerWriter {
  readonly storing = new Set<string>();
  override async track(submission: { id: string; account: string }): Promise<TransactionSnapshot> {
    const snapshot = await super.track(submission);
    return this.storing.has(submission.id) ? { ...snapshot, receipt: null } : snapshot;
  }
}

async function bankWithOneBatch(options: { foreignFirst: boolean }) {
  const writer = new StoringNode({ account: ACCOUNT, members: [ACCOUNT] });
  const deps = {
    outbox: new MemoryOutbox(),
    transactions: new MemoryTransactions(),
    writer,
    results: new MemoryResults(),
    clock: new ManualClock(),
    settings: { batch: { maxRecords: 50 }, confirmations: 1, rebroadcastEveryChecks: 5 },
  };
  for (const n of [1, 2]) await deps.outbox.add(sampleEntry(sampleUpdate(n)));
  if (options.foreignFirst) {
    // Bytes signed with the bank's key outside creditlink take slot 0 first.
    const foreign = await writer.prepare({ account: ACCOUNT, slot: 0, content: { kind: "updates", records: [] } });
    await writer.submit(foreign);
    writer.mine();
  }
  const { submitted } = await submitNextBatch(deps);
  const tx = submitted[0]!;
  const check = (n: number) => confirmTransaction(deps, { address: ACCOUNT, nonce: tx.nonce, check: n });
  return { deps, writer, tx, check };
}

describe("a transaction is replaced only when checks at two blocks agree", () => {
  it("never drops a mined batch whose node shows its nonce used before it serves the receipt (soak)", async () => {
    const { deps, writer, tx, check } = await bankWithOneBatch({ foreignFirst: false });
    writer.mine();
    writer.storing.add(tx.txHash);
    expect(await check(0)).toEqual({ status: "pending", rebroadcast: false });
    expect(await check(1)).toEqual({ status: "pending", rebroadcast: false });
    expect((await deps.transactions.get(ACCOUNT, tx.nonce))?.status).not.toBe("dropped");
    writer.storing.delete(tx.txHash);
    expect(await check(2)).toMatchObject({ status: "final", outcome: "confirmed", counts: { confirmed: 2 } });
    const entry = deps.outbox.entries.get("bank-a/test/1");
    expect([entry?.status, entry?.requeues ?? 0]).toEqual(["confirmed", 0]);
    const finals = deps.results.published.filter((r) => r.status !== "accepted");
    expect(finals.map((r) => `${r.updateId} ${r.status}`).sort()).toEqual([
      "bank-a/test/1 confirmed",
      "bank-a/test/2 confirmed",
    ]);
  });

  it("drops a batch whose nonce other bytes used once a check at a later block agrees, and requeues its updates", async () => {
    const { deps, writer, tx, check } = await bankWithOneBatch({ foreignFirst: true });
    expect(tx.broadcast).toBe("unreachable");
    expect(await check(0)).toEqual({ status: "pending", rebroadcast: false });
    expect(await deps.transactions.get(ACCOUNT, tx.nonce)).toMatchObject({ status: "signed", replacedAtBlock: 1 });
    expect(await check(1)).toEqual({ status: "pending", rebroadcast: false });
    writer.mine();
    expect(await check(2)).toMatchObject({ status: "final", outcome: "dropped", counts: { requeued: 2, failed: 0 } });
    expect(deps.outbox.entries.get("bank-a/test/1")).toMatchObject({ status: "accepted", requeues: 1 });
    const { submitted } = await submitNextBatch(deps);
    expect(submitted[0]).toMatchObject({ nonce: 1, broadcast: "sent" });
  });

  it("completes a drop cut short after its status was written: the next check returns the stranded updates (soak)", async () => {
    const { deps, writer, tx, check } = await bankWithOneBatch({ foreignFirst: true });
    expect(await check(0)).toMatchObject({ status: "pending" });
    writer.mine();
    // Storage goes away right after the transaction is marked dropped, before its updates are read back.
    const get = deps.outbox.get.bind(deps.outbox);
    deps.outbox.get = () => Promise.reject(new AppError("STORAGE_UNAVAILABLE", "connect ECONNREFUSED"));
    await expect(check(1)).rejects.toThrow("ECONNREFUSED");
    expect((await deps.transactions.get(ACCOUNT, tx.nonce))?.status).toBe("dropped");
    expect(deps.outbox.entries.get("bank-a/test/1")?.status).toBe("submitted");
    deps.outbox.get = get;
    expect(await check(2)).toEqual({ status: "final", outcome: "dropped", counts: { requeued: 2, failed: 0 } });
    expect(deps.outbox.entries.get("bank-a/test/1")).toMatchObject({ status: "accepted", requeues: 1 });
    expect(await check(3)).toEqual({ status: "final", outcome: "dropped", counts: {} });
  });
});
