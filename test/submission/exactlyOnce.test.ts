// Exactly once on the real stores (Azurite) and chain (anvil): the sequences issue #13 found, each counting on-chain
// writes and final results per update. Every test here failed before the fix it names.
import { evmWriter } from "../support/evmWriter.js";
import { randomBytes } from "node:crypto";
import type { Wallet } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { openTableOutboxReader } from "../../lib/adapters/tables/tableOutboxReader.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { openTableTransactionStore } from "../../lib/adapters/tables/tableTransactionStore.js";
import type { OutboxStore } from "../../lib/ports/outbox.js";
import { reconcileOutbox } from "../../lib/reconciliation/reconcileOutbox.js";
import { confirmTransaction } from "../../lib/submission/confirmTransaction.js";
import { ingestUpdates } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { testStack } from "../stack.js";
import { deployRegistry, freshWallet, mineBlock, testProvider } from "../support/chain.js";
import { CountingRandom, ManualClock, MemoryResults, WalletSigner } from "../support/memoryPorts.js";
import { sampleUpdate } from "../support/outboxEntries.js";
import { startTcpProxy, type TcpProxy } from "../../local/tcpProxy.js";

const pools: RpcPool[] = [];
const proxies: TcpProxy[] = [];
afterAll(async () => {
  pools.forEach((p) => p.destroy());
  await Promise.all(proxies.map((p) => p.close()));
});

/** A bank on Azure Tables (Azurite) and anvil behind a proxy the test can kill. */
async function tableBank() {
  const provider = testProvider();
  const wallet = freshWallet(provider);
  const contractAddress = await deployRegistry(freshWallet(provider), [wallet.address]);
  const proxy = await startTcpProxy(testStack().anvilRpcUrl);
  proxies.push(proxy);
  const pool = new RpcPool({ urls: [proxy.url], chainId: 31337n, timeoutInMs: 1_000, cooldownInMs: 50 });
  pools.push(pool);
  const storage = testStack().storageConnectionString;
  const prefix = `eo${randomBytes(4).toString("hex")}`;
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const signer = new WalletSigner(wallet as Wallet);
  const deps = {
    outbox: await openTableOutboxStore(storage, `${prefix}outbox`),
    outboxReader: await openTableOutboxReader(storage, `${prefix}outbox`),
    transactions: await openTableTransactionStore(storage, `${prefix}transactions`),
    results: new MemoryResults(),
    ledger,
    signer,
    writer: evmWriter(ledger, signer),
    clock: new ManualClock(),
    random: new CountingRandom(),
    settings: {
      scoreRange: { min: 0, max: 1000 },
      subjectKeySecret: new Uint8Array(32).fill(4),
      batch: { maxRecords: 50 },
      confirmations: 1,
      rebroadcastEveryChecks: 1,
    },
  };
  return { deps, wallet, proxy };
}
type TableBank = Awaited<ReturnType<typeof tableBank>>;

/** Submitter steps and confirmation checks until nothing is pending or in flight. */
async function drain({ deps, wallet }: TableBank): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const { submitted } = await submitNextBatch(deps);
    const inFlight = await deps.transactions.unfinished(wallet.address);
    if (submitted.length === 0 && inFlight.length === 0) return;
    for (const tx of inFlight) await confirmTransaction(deps, { address: tx.address, nonce: tx.nonce, check: round });
  }
  throw new Error("did not drain");
}

/** Final results per update id, and the bank's RecordUpserted events per on-chain update id. */
async function outcomes(b: TableBank) {
  const finals = new Map<string, string[]>();
  for (const r of b.deps.results.published.filter((r) => r.status !== "accepted")) {
    finals.set(r.updateId, [...(finals.get(r.updateId) ?? []), r.status]);
  }
  const events = await b.deps.ledger.recordEvents(0, await b.deps.ledger.blockNumber());
  const ours = events.filter((e) => e.issuer === b.wallet.address);
  return {
    finals,
    upserts: ours.filter((e) => e.kind === "upserted").length,
    skipped: ours.length - ours.filter((e) => e.kind === "upserted").length,
  };
}

describe("exactly once (issue #13)", () => {
  it("reconciliation during an outage longer than its threshold re-lists nothing in flight (finding 1)", async () => {
    const b = await tableBank();
    const updates = Array.from({ length: 20 }, (_, n) => sampleUpdate(3000 + n));
    await ingestUpdates(
      b.deps,
      updates.map((body) => ({ body, messageId: body.updateId })),
    );
    await b.proxy.kill();
    const step = await submitNextBatch(b.deps);
    expect(step.submitted).toMatchObject([{ broadcast: "unreachable" }]);
    b.deps.clock.advance(20 * 60_000);
    const findings = await reconcileOutbox({
      ...b.deps,
      settings: {
        acceptedOlderThanInMs: 600_000,
        submittedOlderThanInMs: 600_000,
        scanLimit: 5000,
      },
    });
    expect(findings.filter((f) => f.kind === "accepted-not-batched")).toEqual([]);
    expect(findings.filter((f) => f.kind === "submitted-too-long")).toHaveLength(20);
    expect(await b.deps.outbox.pending(100)).toEqual([]);
    await b.proxy.restore();
    await drain(b);
    const { finals, upserts, skipped } = await outcomes(b);
    for (const u of updates) expect(finals.get(u.updateId)).toEqual(["confirmed"]);
    expect([upserts, skipped]).toEqual([20, 0]);
  });

  it("a second writer that read pending before the first took it, and unfinished after it was broadcast, writes nothing (finding 4)", async () => {
    const b = await tableBank();
    const updates = Array.from({ length: 10 }, (_, n) => sampleUpdate(3100 + n));
    await ingestUpdates(
      b.deps,
      updates.map((body) => ({ body, messageId: body.updateId })),
    );
    const staleRead = await b.deps.outbox.pending(50);
    const first = await submitNextBatch(b.deps);
    expect(first.submitted).toMatchObject([{ broadcast: "sent" }]);
    const late: OutboxStore = Object.assign(Object.create(b.deps.outbox) as OutboxStore, {
      pending: async () => staleRead,
    });
    const second = await submitNextBatch({ ...b.deps, outbox: late });
    expect(second.submitted).toEqual([]);
    await drain(b);
    const { finals, upserts, skipped } = await outcomes(b);
    for (const u of updates) expect(finals.get(u.updateId)).toEqual(["confirmed"]);
    expect([upserts, skipped]).toEqual([10, 0]);
  });

  it("a replay re-listing an update after the submitter took it never batches it again (finding 2)", async () => {
    const b = await tableBank();
    const updates = Array.from({ length: 5 }, (_, n) => sampleUpdate(3200 + n));
    await ingestUpdates(
      b.deps,
      updates.map((body) => ({ body, messageId: body.updateId })),
    );
    const asAccepted = await Promise.all(updates.map((u) => b.deps.outbox.get(u.updateId)));
    await submitNextBatch(b.deps);
    // The stale snapshot (read while accepted) is re-listed, as a redelivered ingest batch or a reconciliation would.
    for (const entry of asAccepted) expect(await b.deps.outbox.ensurePending(entry!)).toBe(false);
    expect(await b.deps.outbox.pending(10)).toEqual([]);
    await drain(b);
    const { finals, upserts } = await outcomes(b);
    for (const u of updates) expect(finals.get(u.updateId)).toEqual(["confirmed"]);
    expect(upserts).toBe(5);
  });

  it("a transaction its monitor drops while the submitter announces it again strands none of its updates (soak)", async () => {
    const b = await tableBank();
    const updates = Array.from({ length: 8 }, (_, n) => sampleUpdate(3400 + n));
    await ingestUpdates(
      b.deps,
      updates.map((body) => ({ body, messageId: body.updateId })),
    );
    await b.proxy.kill();
    const first = await submitNextBatch(b.deps);
    expect(first.submitted).toMatchObject([{ nonce: 0, broadcast: "unreachable" }]);
    // The submitter's next step reads its unfinished transactions (nonce 0, still signed) ...
    const staleView = await b.deps.transactions.unfinished(b.wallet.address);
    // ... while the key signs other bytes at nonce 0 and the monitor, seeing that, drops it and requeues its updates.
    const other = await b.wallet.sendTransaction({ to: b.wallet.address, nonce: 0, gasLimit: 21_000, gasPrice: 0 });
    await other.wait();
    await b.proxy.restore();
    const check = () => confirmTransaction(b.deps, { address: b.wallet.address, nonce: 0, check: 0 });
    expect(await check()).toMatchObject({ status: "pending" });
    await mineBlock();
    expect(await check()).toMatchObject({ status: "final", outcome: "dropped" });
    // Then the step announces nonce 0 again from what it read, and its broadcast reaches no node.
    await b.proxy.kill();
    const stale = Object.assign(Object.create(b.deps.transactions) as typeof b.deps.transactions, {
      unfinished: async () => staleView,
    });
    await submitNextBatch({ ...b.deps, transactions: stale });
    // None is left submitted with the dropped transaction: the same step batched them again, at nonce 1.
    for (const u of updates) {
      const entry = await b.deps.outbox.get(u.updateId);
      expect(entry).toMatchObject({ status: "submitted", nonce: 1 });
      expect(entry?.txHash).not.toBe(first.submitted[0]?.txHash);
    }
    await b.proxy.restore();
    await drain(b);
    const { finals, upserts } = await outcomes(b);
    for (const u of updates) expect(finals.get(u.updateId)).toEqual(["confirmed"]);
    expect(upserts).toBe(8);
  });

  it("a conflicting resend gets its own answer and leaves the original's results alone (finding 6)", async () => {
    const b = await tableBank();
    const original = sampleUpdate(3300);
    await ingestUpdates(b.deps, [{ body: original, messageId: original.updateId }]);
    const conflicting = { ...original, score: original.score + 1 };
    const [outcome] = await ingestUpdates(b.deps, [{ body: conflicting, messageId: original.updateId }]);
    expect(outcome).toMatchObject({ outcome: "conflict" });
    await drain(b);
    const mine = b.deps.results.published.filter((r) => r.updateId === original.updateId);
    expect(mine.map((r) => `${r.status}/${r.scope ?? "update"}`)).toEqual([
      "accepted/update",
      "conflict/message",
      "confirmed/update",
    ]);
    expect((await b.deps.outbox.get(original.updateId))?.record?.score).toBe(original.score);
  });
});
