import { evmWriter } from "../support/evmWriter.js";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { openTableTransactionStore } from "../../lib/adapters/tables/tableTransactionStore.js";
import { isAppError } from "../../lib/domain/appError.js";
import { confirmTransaction } from "../../lib/submission/confirmTransaction.js";
import { ingestUpdate } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { testStack } from "../stack.js";
import { deployRegistry, freshWallet, testProvider } from "../support/chain.js";
import { CountingRandom, ManualClock, MemoryResults, WalletSigner } from "../support/memoryPorts.js";
import { sampleUpdate } from "../support/outboxEntries.js";

describe("four concurrent workers on one signing key (Azure Tables + anvil)", () => {
  const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 5_000 });
  afterAll(() => pool.destroy());

  it("never reuse a nonce: the stored nonce's ETag lets exactly one writer win each nonce", async () => {
    const provider = testProvider();
    const wallet = freshWallet(provider);
    const contractAddress = await deployRegistry(freshWallet(provider), [wallet.address]);
    const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
    const prefix = `cw${randomBytes(4).toString("hex")}`;
    const storage = testStack().storageConnectionString;
    const results = new MemoryResults();
    const workers = await Promise.all(
      [0, 1, 2, 3].map(async () => ({
        outbox: await openTableOutboxStore(storage, `${prefix}outbox`),
        transactions: await openTableTransactionStore(storage, `${prefix}transactions`),
        results,
        ledger,
        writer: evmWriter(ledger, new WalletSigner(wallet), 20),
        clock: new ManualClock(),
        random: new CountingRandom(),
        settings: {
          scoreRange: { min: 0, max: 1000 },
          subjectKeySecret: new Uint8Array(32).fill(1),
          batch: { maxRecords: 20 },
          confirmations: 1,
          rebroadcastEveryChecks: 1,
        },
      })),
    );
    const updates = Array.from({ length: 80 }, (_, n) => sampleUpdate(5000 + n));
    await Promise.all(updates.map((u, i) => ingestUpdate(workers[i % 4]!, { body: u })));

    let conflicts = 0;
    for (let round = 0; round < 30; round++) {
      const steps = await Promise.allSettled(workers.map((w) => submitNextBatch(w)));
      for (const step of steps) {
        if (step.status === "rejected") {
          expect(isAppError(step.reason, "CONFLICT")).toBe(true);
          conflicts++;
        }
      }
      const inFlight = await workers[0]!.transactions.unfinished(wallet.address);
      for (const tx of inFlight)
        await confirmTransaction(workers[0]!, { address: tx.address, nonce: tx.nonce, check: round });
      const done = results.published.filter((r) => r.status === "confirmed").length;
      if (done === updates.length && inFlight.length === 0) break;
    }
    const confirmed = results.published.filter((r) => r.status === "confirmed").map((r) => r.updateId);
    expect(new Set(confirmed).size).toBe(80);
    expect(confirmed).toHaveLength(80);
    expect(conflicts).toBeGreaterThan(0);
    const chainNonce = await ledger.nonceOf(wallet.address, "latest");
    const stored = await workers[0]!.transactions.nextNonce(wallet.address);
    expect(stored.nonce).toBe(chainNonce);
    const events = await ledger.recordEvents(0, await ledger.blockNumber());
    expect(events.filter((e) => e.issuer === wallet.address && e.kind === "upserted")).toHaveLength(80);
    provider.destroy();
  }, 60_000);
});
