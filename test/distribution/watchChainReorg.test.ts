import { keccak256, Wallet, type JsonRpcProvider } from "ethers";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { watchChain } from "../../lib/distribution/watchChain.js";
import type { RecordInput } from "../../lib/domain/ledgerTypes.js";
import { webhookId } from "../../lib/domain/webhook.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { startAnvil, type Anvil } from "../../local/anvil.js";
import { deployRegistry, FREE_GAS, testProvider } from "../support/chain.js";
import { distributionHarness, drainQueue } from "../support/distributionHarness.js";
import { MemoryCheckpoints, MemoryRecordIndex } from "../support/memoryDistribution.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";

// Its own anvil: anvil_reorg rewrites the chain under every other test file otherwise.
let anvil: Anvil;
let provider: JsonRpcProvider;
let pool: RpcPool;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  anvil = await startAnvil({ blockTimeInSeconds: 0 });
  provider = testProvider(anvil.rpcUrl);
  pool = new RpcPool({ urls: [anvil.rpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  pool.destroy();
  provider.destroy();
  await anvil.stop();
});

/** Our bank and another member on a fresh registry, a subscription to our records, and a raw-transaction signer. */
async function setup() {
  const ours = new Wallet(Wallet.createRandom().privateKey, provider);
  const other = new Wallet(Wallet.createRandom().privateKey, provider);
  const contractAddress = await deployRegistry(new Wallet(Wallet.createRandom().privateKey, provider), [
    ours.address,
    other.address,
  ]);
  const startBlock = await provider.getBlockNumber();
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const nonces = new Map<string, number>();
  const sign = async (wallet: Wallet, records: RecordInput[]): Promise<string> => {
    const nonce = nonces.get(wallet.address) ?? 0;
    nonces.set(wallet.address, nonce + 1);
    const tx = { to: contractAddress, data: ledger.encodeUpsertBatch(records), nonce, gasLimit: 1_000_000n };
    return wallet.signTransaction({ ...tx, chainId: 31337n, type: 2, ...FREE_GAS });
  };
  const { deps } = distributionHarness();
  const receiver = await startWebhookReceiver("whsec_x");
  receivers.push(receiver);
  const created = await createSubscription(deps, { url: receiver.url, filter: { issuers: "self" } });
  if (!created.ok) throw new Error("subscription");
  receiver.setSecret(created.secret);
  const watch = {
    ...deps,
    ownAddress: ours.address,
    ledger,
    checkpoints: new MemoryCheckpoints(),
    index: new MemoryRecordIndex(),
    settings: { ...deps.settings, confirmations: 1, startBlock, pageSizeInBlocks: 1_000, maxPagesPerStep: 50 },
  };
  return { ours, other, sign, deps: watch, receiver, subscriptionId: created.id };
}

const record = (n: number): RecordInput => sampleEntry(sampleUpdate(n)).input;

/**
 * Sends signed bytes and waits until they are mined (anvil answers before it mines). Polls the receipt: ethers'
 * waitForTransaction can miss a transaction automine includes between its receipt check and its first block poll,
 * and then waits for a block that never comes.
 */
async function mined(raw: string): Promise<void> {
  const hash: string = await provider.send("eth_sendRawTransaction", [raw]);
  while ((await provider.send("eth_getTransactionReceipt", [hash])) === null)
    await new Promise((r) => setTimeout(r, 20));
}

describe("watchChain across a reorg at depth 2 (finding 7)", () => {
  it("delivers each record once under one id when its transaction is re-included, and reads what the reorg added", async () => {
    const s = await setup();
    const [a, b, added] = [record(1), record(2), record(3)];
    const rawA = await s.sign(s.ours, [a]);
    const rawB = await s.sign(s.ours, [b]);
    await mined(rawA);
    await mined(rawB);
    expect(await watchChain(s.deps)).toMatchObject({ events: 2, deliveries: 2, caughtUp: true });

    // The last two blocks are replaced: A comes back behind another bank's write (a new log index), B and a record
    // only the new fork holds share the second block.
    const rawOther = await s.sign(s.other, [record(4)]);
    const rawAdded = await s.sign(s.ours, [added]);
    await provider.send("anvil_reorg", [
      2,
      [
        [rawOther, 0],
        [rawA, 0],
        [rawB, 1],
        [rawAdded, 1],
      ],
    ]);
    await provider.waitForTransaction(keccak256(rawAdded));
    const step = await watchChain(s.deps);
    expect(step.rewoundFrom).toBeDefined();
    await drainQueue(s.deps);

    const deliveries = await s.deps.deliveries.list(s.subscriptionId);
    const perRecord = [a, b, added].map((r) => deliveries.filter((d) => d.event.updateId === r.updateId).length);
    expect(perRecord).toEqual([1, 1, 1]);
    const expectedIds = [a, b, added].map((r) =>
      webhookId(s.subscriptionId, { issuer: s.ours.address, updateId: r.updateId }),
    );
    expect(new Set(deliveries.map((d) => d.webhookId))).toEqual(new Set(expectedIds));
    const received = s.receiver.delivered().map((r) => r.id);
    expect(received.sort()).toEqual([...expectedIds].sort());
  });

  it("keeps reading forward when no reorg happened (the checkpoint's block is still canonical)", async () => {
    const s = await setup();
    await mined(await s.sign(s.ours, [record(5)]));
    await watchChain(s.deps);
    await mined(await s.sign(s.ours, [record(6)]));
    const step = await watchChain(s.deps);
    expect(step).toMatchObject({ events: 1, deliveries: 1 });
    expect(step.rewoundFrom).toBeUndefined();
  });
});
