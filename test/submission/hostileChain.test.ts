import { Wallet, type JsonRpcProvider } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { confirmTransaction, type ConfirmStep } from "../../lib/submission/confirmTransaction.js";
import { ingestUpdate } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { startAnvil, type Anvil } from "../../local/anvil.js";
import { startChainProxy, type ChainProxy } from "../../local/chainProxy/chainProxy.js";
import { startHostileChain, type HostileChain } from "../../local/chainProxy/hostileChain.js";
import { testProvider } from "../support/chain.js";
import { WalletSigner } from "../support/memoryPorts.js";
import { bank as chainBank, closeBanks, type Bank } from "../support/chainBank.js";
import { sampleUpdate } from "../support/outboxEntries.js";

// Its own anvil (automine): the tests mine extra blocks, which must not disturb other files.
let anvil: Anvil;
let provider: JsonRpcProvider;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  anvil = await startAnvil({ blockTimeInSeconds: 0 });
  provider = testProvider(anvil.rpcUrl);
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await closeBanks();
  provider.destroy();
  await anvil.stop();
});

const fresh = () => new Wallet(Wallet.createRandom().privateKey, provider);

/** A bank with in-memory stores on this file's anvil, reading and sending through `urls`. */
function bank(urls: string[], options: { member?: boolean } = {}) {
  return chainBank({ provider, urls: () => urls, member: options.member, maxRecords: 10, rebroadcastEveryChecks: 2 });
}

/** Runs submitter steps and confirmation checks (mining a block between rounds) until nothing is in flight. */
async function drain({ deps }: Bank, rounds = 60): Promise<ConfirmStep[]> {
  const finals: ConfirmStep[] = [];
  for (let round = 0; round < rounds; round++) {
    // A failed step (no endpoint answered a read) counts as work: the submitter runs again.
    const submitted = await submitNextBatch(deps).then(
      (r) => r.submitted.length,
      () => 1,
    );
    const inFlight = await deps.transactions.unfinished(await deps.signer.getAddress());
    if (submitted === 0 && inFlight.length === 0) return finals;
    for (const tx of inFlight) {
      const step = await confirmTransaction(deps, { address: tx.address, nonce: tx.nonce, check: round }).catch(
        () => null, // an activity failure: the orchestration retries the check later
      );
      if (step?.status === "final") finals.push(step);
    }
    await provider.send("evm_mine", []);
  }
  throw new Error("the pipeline did not drain");
}

/** Per update: how many times it was written on chain (upserted or skipped), and its final results. */
async function tally(b: Bank, updateIds: readonly string[]) {
  const events = await b.ledger.recordEvents(0, await provider.getBlockNumber());
  const ours = events.filter((e) => e.issuer === b.wallet.address);
  const finals = b.deps.results.published.filter((r) => r.status !== "accepted");
  return updateIds.map((updateId) => {
    const hash = b.deps.outbox.entries.get(updateId)?.updateIdHash;
    return {
      updateId,
      writes: ours.filter((e) => e.updateId === hash).length,
      finals: finals.filter((r) => r.updateId === updateId).map((r) => r.status),
    };
  });
}

const exactlyOnce = (updateId: string) => ({ updateId, writes: 1, finals: ["confirmed"] });

async function ingest(b: Bank, count: number, offset = 0): Promise<string[]> {
  const updates = Array.from({ length: count }, (_, n) => sampleUpdate(offset + n));
  for (const u of updates) await ingestUpdate(b.deps, { body: u });
  return updates.map((u) => u.updateId);
}

async function proxy(faults: Parameters<typeof startChainProxy>[1]): Promise<ChainProxy> {
  const started = await startChainProxy(anvil.rpcUrl, faults);
  closers.push(() => started.close());
  return started;
}

describe("the submitter and confirmTransaction behind hostile endpoints (finding 3)", () => {
  let hostile: HostileChain;
  beforeAll(async () => {
    hostile = await startHostileChain(anvil.rpcUrl, { lagBlocks: 2, flap: { upInMs: 250, downInMs: 150 } });
    closers.push(() => hostile.close());
  });

  it("never drops a mined transaction when a node one block behind answers beside nodes that have the block", async () => {
    const lagging = await proxy({ lagBlocks: 1, besuErrors: true });
    const steady = [await proxy({ besuErrors: true }), await proxy({ besuErrors: true })];
    // Round-robin over [lagging, steady, steady] sends a check's receipt read to the lagging node and its nonce read
    // to a steady one, unless the reads that decide together are pinned to one endpoint.
    const b = await bank([lagging.url, ...steady.map((p) => p.url)]);
    const ids: string[] = [];
    for (let n = 0; n < 9; n++) {
      ids.push(...(await ingest(b, 1, n)));
      await submitNextBatch(b.deps);
      // Other work on the shared pool (the watcher, other monitors) moves the rotation between checks.
      for (let other = 0; other < n % 3; other++) await b.ledger.blockNumber();
      await drain(b);
    }
    expect(await tally(b, ids)).toEqual(ids.map(exactlyOnce));
    expect([...b.deps.transactions.txs.values()].every((tx) => tx.status === "confirmed")).toBe(true);
  });

  it("writes every update once with one final result through lagging, flapping and hanging endpoints", async () => {
    const b = await bank(hostile.urls);
    const ids = await ingest(b, 25);
    await drain(b);
    expect(await tally(b, ids)).toEqual(ids.map(exactlyOnce));
    const statuses = [...b.deps.transactions.txs.values()].map((tx) => tx.status);
    expect(statuses.every((s) => s === "confirmed")).toBe(true);
  });

  it("does not take one endpoint's refusal as final while another endpoint timed out and may hold the bytes", async () => {
    const refusing = await proxy({});
    refusing.inject("eth_sendRawTransaction", { code: -32002, message: "Invalid signature" });
    const hanging = await proxy({ hangAfterSend: true }); // forwards the bytes (anvil mines them), never answers
    const b = await bank([refusing.url, hanging.url]);
    const ids = await ingest(b, 2);
    const first = await submitNextBatch(b.deps);
    expect(first.submitted).toEqual([expect.objectContaining({ broadcast: "unreachable" })]);
    await drain(b);
    expect(await tally(b, ids)).toEqual(ids.map(exactlyOnce));
    expect(b.deps.transactions.txs.size).toBe(1);
  });
});

describe("broadcast behind a hung endpoint", () => {
  it("returns as soon as one endpoint takes the bytes instead of waiting out the hung one", async () => {
    const hanging = await proxy({ hangAfterSend: true });
    const steady = await proxy({});
    const wallet = fresh();
    const pool = new RpcPool({ urls: [hanging.url, steady.url], chainId: 31337n, timeoutInMs: 5_000 });
    closers.push(() => pool.destroy());
    const ledger = new CreditRegistryLedger({
      pool,
      chainId: 31337n,
      contractAddress: wallet.address,
      feeStrategy: "zero",
    });
    const signed = await new WalletSigner(wallet).signTransaction({
      to: wallet.address,
      data: "0x",
      nonce: 0,
      gasLimit: 21_000n,
      chainId: 31337n,
      maxFeePerGas: 0n,
      maxPriorityFeePerGas: 0n,
    });
    const started = Date.now();
    await ledger.broadcast(signed);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("one retry decision (finding 5)", () => {
  it.each([
    [-32099, "the flux capacitor is out of sync"],
    [-32603, "Internal error"],
    [-32000, "Transaction nonce is too distant from current sender nonce"],
    [-32002, "Transaction pool not enabled. (Either txpool explicitly disabled, or node not yet in sync)."],
    [-32008, "Initial sync is still in progress"],
  ])("retries a broadcast answered %s %s and never drops the transaction", async (code, message) => {
    const node = await proxy({ besuErrors: true });
    node.inject("eth_sendRawTransaction", { code, message }, { times: 3 });
    const b = await bank([node.url]);
    const ids = await ingest(b, 2);
    const first = await submitNextBatch(b.deps);
    expect(first.submitted).toEqual([expect.objectContaining({ broadcast: "unreachable" })]);
    const retrying = await confirmTransaction(b.deps, { address: b.wallet.address, nonce: 0, check: 1 });
    expect(retrying).toMatchObject({ status: "pending", retrying: { message: expect.stringContaining(message) } });
    await drain(b);
    expect(await tally(b, ids)).toEqual(ids.map(exactlyOnce));
    expect([...b.deps.transactions.txs.values()].map((tx) => tx.status)).toEqual(["confirmed"]);
  });

  it("reads a node fault in eth_call as a node fault, not as the revert that rejects records", async () => {
    const node = await proxy({ besuErrors: true });
    const outsider = await bank([node.url], { member: false }); // its batches revert with NotMember
    const ids = await ingest(outsider, 2);
    await submitNextBatch(outsider.deps);
    await provider.send("evm_mine", []);
    node.inject("eth_call", { code: -32603, message: "Internal error" }, { times: 2 });
    const check = { address: outsider.wallet.address, nonce: 0, check: 0 };
    const failed = await confirmTransaction(outsider.deps, check).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "RPC_ERROR", retryable: true });
    expect(outsider.deps.results.published.filter((r) => r.status !== "accepted")).toEqual([]);
    expect(await confirmTransaction(outsider.deps, check)).toMatchObject({ status: "final", outcome: "failed" });
    const finals = outsider.deps.results.published.filter((r) => r.status !== "accepted");
    expect(finals.map((r) => [r.updateId, r.status]).sort()).toEqual(ids.map((id) => [id, "rejected"]).sort());
    expect(finals.every((r) => /NotMember/.test(r.reason ?? ""))).toBe(true);
  });

  it("still drops a transaction whose nonce other bytes used, once checks at two blocks agree", async () => {
    const node = await proxy({ besuErrors: true });
    const b = await bank([node.url]);
    await b.wallet.sendTransaction({ to: b.wallet.address, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
    await ingest(b, 1);
    const first = await submitNextBatch(b.deps);
    // "Nonce too low" is not a verdict: the monitor decides, at a later block.
    expect(first.submitted).toEqual([expect.objectContaining({ nonce: 0, broadcast: "unreachable" })]);
    const check = () => confirmTransaction(b.deps, { address: b.wallet.address, nonce: 0, check: 0 });
    expect(await check()).toMatchObject({ status: "pending" });
    await provider.send("evm_mine", []);
    expect(await check()).toMatchObject({ status: "final", outcome: "dropped" });
    await drain(b);
    expect(b.deps.results.published.filter((r) => r.status !== "accepted").map((r) => r.status)).toEqual(["confirmed"]);
  });
});
