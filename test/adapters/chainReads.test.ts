import { Wallet, type JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTransactionSnapshot } from "../../lib/adapters/evm/chainReads.js";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import type { PinnedRequest, RpcCall } from "../../lib/adapters/evm/rpcEndpoint.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { isAppError } from "../../lib/domain/appError.js";
import { startAnvil, type Anvil } from "../../local/anvil.js";
import { startChainProxy, type ChainProxy } from "../../local/chainProxy/chainProxy.js";
import { deployRegistry, FREE_GAS, testProvider } from "../support/chain.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

// Its own anvil: the tests mine blocks to put a lagging endpoint behind.
let anvil: Anvil;
let provider: JsonRpcProvider;
let lagging: ChainProxy;
const pools: RpcPool[] = [];

beforeAll(async () => {
  anvil = await startAnvil({ blockTimeInSeconds: 0 });
  provider = testProvider(anvil.rpcUrl);
  lagging = await startChainProxy(anvil.rpcUrl, { lagBlocks: 2 });
});
afterAll(async () => {
  pools.forEach((p) => p.destroy());
  provider.destroy();
  await lagging.close();
  await anvil.stop();
});

function ledgerOver(urls: string[], contractAddress: string): CreditRegistryLedger {
  const pool = new RpcPool({ urls, chainId: 31337n, timeoutInMs: 2_000 });
  pools.push(pool);
  return new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
}

/** A registry with one record written by `bank` in the last block, `blocksBetween` blocks after the deployment. */
async function written(blocksBetween = 0) {
  const bank = new Wallet(Wallet.createRandom().privateKey, provider);
  const contractAddress = await deployRegistry(new Wallet(Wallet.createRandom().privateKey, provider), [bank.address]);
  if (blocksBetween > 0) await provider.send("anvil_mine", ["0x" + blocksBetween.toString(16)]);
  const ledger = ledgerOver([anvil.rpcUrl], contractAddress);
  const tx = await bank.sendTransaction({
    to: contractAddress,
    data: ledger.encodeUpsertBatch([sampleEntry(sampleUpdate(1)).input]),
    ...FREE_GAS,
  });
  const mined = await tx.wait();
  return { bank, contractAddress, hash: tx.hash, blockNumber: mined?.blockNumber ?? 0 };
}

describe("Ledger.transactionSnapshot (finding 3)", () => {
  it("answers from one endpoint: a node behind our block shows neither our receipt nor our nonce used", async () => {
    const w = await written();
    const tx = { hash: w.hash, from: w.bank.address, nonce: 0 };
    const behind = await ledgerOver([lagging.url], w.contractAddress).transactionSnapshot(tx, 1);
    expect(behind).toMatchObject({ receipt: null, slotsUsed: 0 });
    const current = await ledgerOver([anvil.rpcUrl], w.contractAddress).transactionSnapshot(tx, 1);
    expect(current).toMatchObject({ receipt: { blockNumber: w.blockNumber }, slotsUsed: 1 });
  });

  it("reads the batch once more when the nonce is used and the first answer missed the receipt", async () => {
    const w = await written();
    const pool = new RpcPool({ urls: [anvil.rpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
    pools.push(pool);
    let hidden = false;
    // The node imported our block between the nonce and the receipt of the first batch.
    const racing = (rpc: PinnedRequest): PinnedRequest =>
      Object.assign(rpc.bind(null) as PinnedRequest, {
        batch: async (calls: readonly RpcCall[]) => {
          const answers = await rpc.batch(calls);
          if (hidden) return answers;
          hidden = true;
          return answers.map((a, i) => (calls[i]?.method === "eth_getTransactionReceipt" ? null : a));
        },
      });
    const query = {
      hash: w.hash,
      from: w.bank.address,
      nonce: 0,
      confirmations: 1,
      contractAddress: w.contractAddress,
    };
    const snapshot = await pool.pinned((rpc) => readTransactionSnapshot(racing(rpc), query));
    expect(hidden).toBe(true);
    expect(snapshot.receipt?.txHash).toBe(w.hash);
  });

  it("reads the canonical hash at the receipt's height from the same node when more than one confirmation is due", async () => {
    const w = await written();
    await provider.send("evm_mine", []);
    const ledger = ledgerOver([anvil.rpcUrl], w.contractAddress);
    const snapshot = await ledger.transactionSnapshot({ hash: w.hash, from: w.bank.address, nonce: 0 }, 2);
    expect(snapshot.canonicalHash).toBe(snapshot.receipt?.blockHash);
    expect((await ledger.transactionSnapshot({ hash: w.hash, from: w.bank.address, nonce: 0 }, 1)).canonicalHash).toBe(
      undefined,
    );
  });
});

describe("Ledger.blockHash (finding 7: the watcher's reorg check)", () => {
  it("answers from a node that has the block, never a lagging node's null", async () => {
    const w = await written();
    const head = await provider.getBlockNumber();
    const ledger = ledgerOver([lagging.url, anvil.rpcUrl], w.contractAddress);
    const expected = (await provider.getBlock(head))?.hash;
    for (let i = 0; i < 4; i++) expect(await ledger.blockHash(head)).toBe(expected);
    expect(await ledger.blockHash(head + 1_000)).toBeNull();
  });
});

describe("Ledger.eventRange (finding 7: head and log range)", () => {
  it("never takes a lagging node's clipped logs for the range: it fails over to a node that holds the last block", async () => {
    const w = await written();
    const head = await provider.getBlockNumber();
    const alone = await ledgerOver([lagging.url], w.contractAddress)
      .eventRange(0, head)
      .catch((e: unknown) => e);
    expect(isAppError(alone, "NODE_BEHIND") && alone.retryable).toBe(true);
    const both = await ledgerOver([lagging.url, anvil.rpcUrl], w.contractAddress).eventRange(0, head);
    expect(both.events.map((e) => e.txHash)).toEqual([w.hash]);
    expect(both.toBlockHash).toBe((await provider.getBlock(head))?.hash);
  });
});

describe("Ledger.getRecord with atLeastBlock (reconciliation's absent-on-chain check)", () => {
  it("reads the record from a node that holds the block, never a lagging node's absence", async () => {
    const w = await written();
    const { input } = sampleEntry(sampleUpdate(1));
    const atLeastBlock = w.blockNumber;
    const laggingOnly = ledgerOver([lagging.url], w.contractAddress);
    const behind = await laggingOnly.getRecord(input.subjectKey, w.bank.address, atLeastBlock).catch((e: unknown) => e);
    expect(isAppError(behind, "NODE_BEHIND")).toBe(true);
    const both = ledgerOver([lagging.url, anvil.rpcUrl], w.contractAddress);
    for (let i = 0; i < 4; i++) {
      const record = await both.getRecord(input.subjectKey, w.bank.address, atLeastBlock);
      expect(record?.recordHash).toBe(input.recordHash);
    }
  });
});

// In Azure the endpoint is a load balancer over validators (DESIGN §4): two HTTP requests may reach two nodes at
// different heights. `spreadLag: [0, 5]` answers requests alternately as the head and as a node 5 blocks behind.
describe("reads that decide together, behind a load balancer over nodes at different heights", () => {
  async function balanced() {
    const proxy = await startChainProxy(anvil.rpcUrl, { spreadLag: [0, 5] });
    balancers.push(proxy);
    return proxy;
  }
  const balancers: ChainProxy[] = [];
  afterAll(() => Promise.all(balancers.map((b) => b.close())));

  it("transactionSnapshot never shows our mined transaction as pending with its nonce used (replaced)", async () => {
    const w = await written(10);
    const ledger = ledgerOver([(await balanced()).url], w.contractAddress);
    for (let i = 0; i < 6; i++) {
      const snapshot = await ledger.transactionSnapshot({ hash: w.hash, from: w.bank.address, nonce: 0 }, 1);
      if (snapshot.receipt === null) expect(snapshot.slotsUsed).toBe(0);
      else expect(snapshot.receipt.txHash).toBe(w.hash);
    }
  });

  it("getRecord with atLeastBlock never answers a node's absence for a block it does not hold", async () => {
    const w = await written(10);
    const { input } = sampleEntry(sampleUpdate(1));
    const ledger = ledgerOver([(await balanced()).url, anvil.rpcUrl], w.contractAddress);
    for (let i = 0; i < 6; i++) {
      const record = await ledger.getRecord(input.subjectKey, w.bank.address, w.blockNumber);
      expect(record?.recordHash).toBe(input.recordHash);
    }
  });

  it("a rebroadcast of our mined transaction is never taken as refused for good (soak: a mined batch was dropped)", async () => {
    const bank = new Wallet(Wallet.createRandom().privateKey, provider);
    const contractAddress = await deployRegistry(new Wallet(Wallet.createRandom().privateKey, provider), [
      bank.address,
    ]);
    const direct = ledgerOver([anvil.rpcUrl], contractAddress);
    const data = direct.encodeUpsertBatch([sampleEntry(sampleUpdate(2)).input]);
    const raw = await bank.signTransaction({
      to: contractAddress,
      data,
      nonce: 0,
      chainId: 31337n,
      gasLimit: 1_000_000,
      ...FREE_GAS,
    });
    const sent = await provider.broadcastTransaction(raw);
    await sent.wait();
    const ledger = ledgerOver([(await balanced()).url], contractAddress);
    for (let i = 0; i < 6; i++) {
      // "nonce too low" from a node that has the block, then a node 5 blocks behind not finding the transaction.
      const error = await ledger.broadcast({ raw, hash: sent.hash, nonce: 0 }).then(
        () => null,
        (e: unknown) => e,
      );
      if (error !== null) expect(isAppError(error) && error.retryable).toBe(true);
    }
  });

  it("upsertedEvents never answers a node's empty logs for a block it does not hold", async () => {
    const w = await written(10);
    const { input } = sampleEntry(sampleUpdate(1));
    const ledger = ledgerOver([(await balanced()).url, anvil.rpcUrl], w.contractAddress);
    const key = {
      blockNumber: w.blockNumber,
      subjectKey: input.subjectKey,
      issuer: w.bank.address,
      updateId: input.updateId,
    };
    for (let i = 0; i < 6; i++) expect((await ledger.upsertedEvents(key)).map((e) => e.txHash)).toEqual([w.hash]);
  });
});
