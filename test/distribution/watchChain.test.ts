import { type Wallet } from "ethers";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { replayDeliveries } from "../../lib/distribution/replayDeliveries.js";
import { watchChain } from "../../lib/distribution/watchChain.js";
import { watcherCheckpointKey } from "../../lib/domain/distributionKeys.js";
import { AppError } from "../../lib/domain/appError.js";
import { verifyRecordCommitment } from "../../lib/domain/commitment.js";
import type { RecordInput } from "../../lib/domain/ledgerTypes.js";
import type { Ledger } from "../../lib/ports/ledger.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { testStack } from "../stack.js";
import { deployRegistry, FREE_GAS, freshWallet, testProvider } from "../support/chain.js";
import { distributionHarness, drainQueue } from "../support/distributionHarness.js";
import { MemoryCheckpoints, MemoryRecordIndex } from "../support/memoryDistribution.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";

const provider = testProvider();
const pools: RpcPool[] = [];
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => pools.forEach((p) => p.destroy()));

/** Two member banks on a fresh registry; ours writes `count` records one transaction each, the other one. */
async function chain(count: number) {
  const ours = freshWallet(provider);
  const other = freshWallet(provider);
  const deployer = freshWallet(provider);
  const contractAddress = await deployRegistry(deployer, [ours.address, other.address]);
  const startBlock = await provider.getBlockNumber();
  const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
  pools.push(pool);
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const write = async (wallet: Wallet, records: RecordInput[]) => {
    const tx = await wallet.sendTransaction({
      to: contractAddress,
      data: ledger.encodeUpsertBatch(records),
      ...FREE_GAS,
    });
    await tx.wait();
  };
  const entries = Array.from({ length: count }, (_, n) => sampleEntry(sampleUpdate(n)));
  for (const e of entries) await write(ours, [e.input]);
  await write(other, [sampleEntry(sampleUpdate(99)).input]);
  return { ours, other, ledger, entries, startBlock, write };
}

async function bank(
  c: Awaited<ReturnType<typeof chain>>,
  ledger: Pick<Ledger, "contractAddress" | "blockNumber" | "eventRange" | "blockHash"> = c.ledger,
) {
  const { deps, outboxEntries } = distributionHarness();
  for (const e of c.entries) await outboxEntries.add(e);
  const receiver = await startWebhookReceiver("whsec_x");
  receivers.push(receiver);
  const created = await createSubscription(deps, { url: receiver.url, filter: { issuers: "self" } });
  if (!created.ok) throw new Error("subscription");
  receiver.setSecret(created.secret);
  const watch = {
    ...deps,
    ownAddress: c.ours.address,
    ledger,
    checkpoints: new MemoryCheckpoints(),
    index: new MemoryRecordIndex(),
    settings: {
      ...deps.settings,
      confirmations: 1,
      startBlock: c.startBlock,
      pageSizeInBlocks: 1_000,
      maxPagesPerStep: 50,
    },
  };
  return { deps: watch, receiver, subscriptionId: created.id };
}

describe("watchChain (on anvil)", () => {
  it("delivers every record of ours exactly once, with the record and salt that verify against the chain", async () => {
    const c = await chain(5);
    const b = await bank(c);
    const step = await watchChain(b.deps);
    expect(step).toMatchObject({ events: 6, deliveries: 5, caughtUp: true });
    expect((await watchChain(b.deps)).events).toBe(0);
    await drainQueue({ ...b.deps, ownAddress: c.ours.address });
    expect(b.receiver.delivered()).toHaveLength(5);
    for (const r of b.receiver.delivered()) {
      const { data } = JSON.parse(r.body);
      const onChain = await c.ledger.getRecord(data.subjectKey, data.issuer);
      expect(verifyRecordCommitment(data.record, data.salt, onChain?.recordHash ?? "")).toBe(true);
    }
  });

  it("reads only blocks at or below the confirmation depth", async () => {
    const c = await chain(3);
    const b = await bank(c);
    const deep = { ...b.deps, settings: { ...b.deps.settings, confirmations: 3 } };
    const head = await c.ledger.blockNumber();
    expect(await watchChain(deep)).toMatchObject({ nextBlock: head - 1, events: 2 });
    await provider.send("evm_mine", []);
    await provider.send("evm_mine", []);
    expect(await watchChain(deep)).toMatchObject({ nextBlock: head + 1, events: 2 });
  });

  it("halves its page when the node refuses a range and still misses nothing", async () => {
    const c = await chain(4);
    const requests: [number, number][] = [];
    const picky: Pick<Ledger, "contractAddress" | "blockNumber" | "eventRange" | "blockHash"> = {
      contractAddress: c.ledger.contractAddress,
      blockNumber: () => c.ledger.blockNumber(),
      blockHash: (n) => c.ledger.blockHash(n),
      eventRange: async (from, to) => {
        requests.push([from, to]);
        if (to - from + 1 > 2) throw new AppError("LOG_RANGE_TOO_LARGE", "range too large");
        return c.ledger.eventRange(from, to);
      },
    };
    const b = await bank(c, picky);
    const step = await watchChain(b.deps);
    expect(step).toMatchObject({ events: 5, deliveries: 4, caughtUp: true });
    expect(requests.filter(([f, t]) => t - f + 1 <= 2).length).toBeGreaterThan(1);
  });

  it("resumes from its checkpoint across restarts; a replayed range keeps the same webhook ids", async () => {
    const c = await chain(6);
    const b = await bank(c);
    const limited = { ...b.deps, settings: { ...b.deps.settings, pageSizeInBlocks: 2, maxPagesPerStep: 1 } };
    let steps = 0;
    while (!(await watchChain(limited)).caughtUp) steps++;
    expect(steps).toBeGreaterThan(1);
    const key = watcherCheckpointKey(c.ledger.contractAddress);
    await b.deps.checkpoints.set(key, { nextBlock: c.startBlock }, (await b.deps.checkpoints.get(key)).version);
    expect((await watchChain(b.deps)).deliveries).toBe(0);
    await drainQueue(b.deps);
    expect(b.receiver.delivered()).toHaveLength(6);
    expect(new Set(b.receiver.received.map((r) => r.id)).size).toBe(6);
  });

  it("replays what was asked under the original webhook ids", async () => {
    const c = await chain(3);
    const b = await bank(c);
    await watchChain(b.deps);
    await drainQueue(b.deps);
    const firstIds = b.receiver.delivered().map((r) => r.id);
    const lastBlock = JSON.parse(b.receiver.delivered().at(-1)?.body ?? "{}").data.blockNumber as number;
    expect(await replayDeliveries(b.deps, { subscriptionId: b.subscriptionId, sinceBlock: lastBlock })).toMatchObject({
      replayed: 1,
    });
    expect(await replayDeliveries(b.deps, { subscriptionId: b.subscriptionId, onlyFailed: true })).toMatchObject({
      replayed: 0,
    });
    await drainQueue(b.deps);
    expect(b.receiver.delivered().map((r) => r.id)).toEqual([...firstIds, firstIds.at(-1)]);
    expect(await replayDeliveries(b.deps, { subscriptionId: b.subscriptionId })).toMatchObject({ replayed: 3 });
    await drainQueue(b.deps);
    expect(b.receiver.delivered()).toHaveLength(7);
  });

  it("replays history from a block to a subscription created after it was written", async () => {
    const c = await chain(3);
    const b = await bank(c);
    await watchChain(b.deps);
    const late = await startWebhookReceiver("whsec_x");
    receivers.push(late);
    const created = await createSubscription(b.deps, { url: late.url, filter: { issuers: "all" } });
    if (!created.ok) throw new Error("subscription");
    late.setSecret(created.secret);
    const chainDeps = { ledger: c.ledger, checkpoints: b.deps.checkpoints, pageSizeInBlocks: 1_000 };
    const replay = { subscriptionId: created.id, sinceBlock: c.startBlock };
    expect(await replayDeliveries({ ...b.deps, chain: chainDeps }, replay)).toMatchObject({ replayed: 0, created: 4 });
    await drainQueue(b.deps);
    expect(late.delivered()).toHaveLength(4);
    expect(await replayDeliveries({ ...b.deps, chain: chainDeps }, replay)).toMatchObject({ replayed: 4, created: 0 });
  });
});
