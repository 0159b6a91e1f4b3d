import { evmWriter } from "../support/evmWriter.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { RpcTransactionLookup } from "../../lib/adapters/evm/rpcTransactionLookup.js";
import { watchChain } from "../../lib/distribution/watchChain.js";
import { runReconciliation } from "../../lib/reconciliation/runReconciliation.js";
import { getLatestReport } from "../../lib/reconciliation/getLatestReport.js";
import { confirmTransaction } from "../../lib/submission/confirmTransaction.js";
import { ingestUpdate } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { testStack } from "../stack.js";
import { deployRegistry, FREE_GAS, freshWallet, testProvider } from "../support/chain.js";
import { distributionHarness, drainQueue } from "../support/distributionHarness.js";
import { MemoryCheckpoints, MemoryRecordIndex, MemoryReports } from "../support/memoryDistribution.js";
import { MemoryResults, WalletSigner } from "../support/memoryPorts.js";
import { MemoryTransactions } from "../support/memoryTransactions.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";

const provider = testProvider();
const secret = new Uint8Array(32).fill(3);
const pools: RpcPool[] = [];
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => pools.forEach((p) => p.destroy()));

/** A whole bank: submission (real chain, in-memory stores), watcher, dispatcher, a receiver, reconciliation. */
async function bank() {
  const wallet = freshWallet(provider);
  const contractAddress = await deployRegistry(freshWallet(provider), [wallet.address]);
  const startBlock = await provider.getBlockNumber();
  const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
  pools.push(pool);
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const { deps: d, outboxEntries: outbox } = distributionHarness();
  const receiver = await startWebhookReceiver("whsec_x");
  receivers.push(receiver);
  const created = await createSubscription(d, { url: receiver.url, filter: { issuers: "self" } });
  if (!created.ok) throw new Error("subscription");
  receiver.setSecret(created.secret);
  const deps = {
    ...d,
    ownAddress: wallet.address,
    outbox,
    outboxReader: d.outboxReader,
    results: new MemoryResults(),
    transactions: new MemoryTransactions(),
    signer: new WalletSigner(wallet),
    ledger,
    writer: evmWriter(ledger, new WalletSigner(wallet)),
    transactionLookup: new RpcTransactionLookup(pool),
    checkpoints: new MemoryCheckpoints(),
    index: new MemoryRecordIndex(),
    reports: new MemoryReports(),
    settings: {
      ...d.settings,
      scoreRange: { min: 0, max: 1000 },
      subjectKeySecret: secret,
      batch: { maxRecords: 50 },
      confirmations: 1,
      rebroadcastEveryChecks: 1,
      startBlock,
      pageSizeInBlocks: 1_000,
      maxPagesPerStep: 10,
      maxBlocksPerRun: 10_000,
      acceptedOlderThanInMs: 60_000,
      submittedOlderThanInMs: 600_000,
      confirmedLookbackInMs: 86_400_000,
      historyPerRun: 100,
      lostJobGraceInMs: 120_000,
      scanLimit: 1_000,
      reportRetentionInMs: 7 * 86_400_000,
      timeBudgetInMs: 600_000,
    },
  };
  return { deps, wallet, receiver, ledger };
}

type Bank = Awaited<ReturnType<typeof bank>>;

/** Ingests updates and runs the submitter and confirmation checks until nothing is in flight. */
async function submit({ deps }: Bank, ns: number[]) {
  for (const n of ns) await ingestUpdate({ ...deps, outbox: deps.outbox }, { body: sampleUpdate(n) });
  for (let round = 0; round < 10; round++) {
    await submitNextBatch({ ...deps, outbox: deps.outbox });
    const inFlight = await deps.transactions.unfinished(deps.signer.wallet.address);
    if (inFlight.length === 0) return;
    for (const tx of inFlight)
      await confirmTransaction(
        { ...deps, outbox: deps.outbox },
        { address: tx.address, nonce: tx.nonce, check: round },
      );
  }
}

describe("runReconciliation (on anvil)", () => {
  it("reports a clean run when nothing is wrong, and stores the report", async () => {
    const b = await bank();
    await submit(b, [1, 2, 3]);
    await watchChain(b.deps);
    await drainQueue(b.deps);
    const report = await runReconciliation(b.deps);
    expect(report.findings).toEqual([]);
    expect(report.blocks).not.toBeNull();
    expect(await getLatestReport(b.deps)).toEqual(report);
    expect(b.receiver.delivered()).toHaveLength(3);
  });

  it("fills nonce gaps first and leaves the checks its time budget did not reach to the next run", async () => {
    const b = await bank();
    await submit(b, [1, 2, 3]);
    await watchChain(b.deps);
    const spent = await runReconciliation({ ...b.deps, settings: { ...b.deps.settings, timeBudgetInMs: 0 } });
    expect(spent.deferred).toEqual(["outbox", "deliveries", "chain events", "history"]);
    expect(spent.blocks).toBeNull();
    const next = await runReconciliation(b.deps);
    expect(next.deferred).toBeUndefined();
    expect(next.blocks?.from).toBe(b.deps.settings.startBlock);
  });

  it("recreates and delivers a delivery the fan-out lost, reading only the range's deliveries", async () => {
    const b = await bank();
    await submit(b, [1, 2, 3]);
    await watchChain(b.deps);
    await drainQueue(b.deps);
    const [lostKey] = [...b.deps.deliveries.rows.keys()];
    b.deps.deliveries.rows.delete(lostKey!);
    const reads = b.deps.deliveries.calls.get;
    const report = await runReconciliation(b.deps);
    expect(report.counts).toMatchObject({ "delivery-missing": 1 });
    expect(report.findings.find((f) => f.kind === "delivery-missing")?.webhookId).toBe(lostKey!.split("/")[1]);
    expect(b.deps.deliveries.calls.get - reads).toBe(3);
    await drainQueue(b.deps);
    expect(b.receiver.delivered()).toHaveLength(4);
  });

  it("finds and repairs injected faults, and reports a foreign write by our key", async () => {
    const b = await bank();
    await submit(b, [1, 2, 3]);
    await watchChain(b.deps);
    // A lost delivery job: the queue dropped one message.
    const lost = b.deps.queue.jobs.splice(0, 1)[0];
    await drainQueue(b.deps);
    expect(b.receiver.delivered()).toHaveLength(2);
    // A deleted outbox row.
    b.deps.outbox.entries.delete(sampleUpdate(2).updateId);
    // An accepted update that fell off the pending list.
    const stray = sampleEntry(sampleUpdate(9), b.deps.clock.now().toISOString());
    await b.deps.outbox.add(stray);
    await b.deps.outbox.unlist([stray]);
    // A nonce gap: a nonce assigned with no stored transaction.
    const { nonce, version } = await b.deps.transactions.nextNonce(b.wallet.address);
    await b.deps.transactions.setNextNonce(b.wallet.address, nonce + 1, version);
    b.deps.clock.advance(300_000);
    const report = await runReconciliation(b.deps);
    expect(report.counts).toMatchObject({
      "delivery-job-lost": 1,
      "outbox-row-missing": 1,
      "accepted-not-batched": 1,
      "nonce-gap": 1,
      "foreign-write": 0,
    });
    expect(report.findings.find((f) => f.kind === "nonce-gap")).toMatchObject({ nonce, repaired: true });
    expect(b.deps.outbox.pendingIds.has(stray.updateId)).toBe(true);
    await drainQueue(b.deps);
    expect(b.receiver.delivered()).toHaveLength(3);
    expect(b.receiver.delivered().map((r) => r.id)).toContain(lost?.job.webhookId);
    expect(await provider.getTransactionCount(b.wallet.address)).toBe(nonce + 1);

    // A foreign write: our key used outside the layer.
    const foreign = sampleEntry(sampleUpdate(50));
    const tx = await b.wallet.connect(provider).sendTransaction({
      to: b.ledger.contractAddress,
      data: b.ledger.encodeUpsertBatch([foreign.input]),
      nonce: nonce + 1,
      ...FREE_GAS,
    });
    await tx.wait();
    await watchChain(b.deps);
    const second = await runReconciliation(b.deps);
    expect(
      second.findings
        .filter((f) => f.severity === "alert")
        .map((f) => f.kind)
        .sort(),
    ).toEqual(["foreign-nonce", "foreign-write"]);
    expect(second.findings.find((f) => f.kind === "foreign-write")?.txHash).toBe(tx.hash.toLowerCase());
  });
});
