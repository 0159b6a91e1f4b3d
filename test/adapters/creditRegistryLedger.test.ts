import { hexlify, keccak256, randomBytes, type Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { registryInterface } from "../../lib/adapters/evm/registryEvents.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { isAppError } from "../../lib/domain/appError.js";
import type { SignedTransaction } from "../../lib/adapters/evm/transactionSigner.js";
import type { RecordInput } from "../../lib/domain/ledgerTypes.js";
import { scoreModelBytes16, updateIdHash } from "../../lib/domain/recordInput.js";
import { testStack } from "../stack.js";
import { deployRegistry, freshWallet, testProvider } from "../support/chain.js";
import { startTcpProxy, type TcpProxy } from "../../local/tcpProxy.js";

const provider = testProvider();

function record(subjectKey: string, asOf: bigint, score = 700): RecordInput {
  return {
    subjectKey,
    score,
    scoreModel: scoreModelBytes16("FICO8"),
    asOf,
    recordHash: hexlify(randomBytes(32)),
    updateId: updateIdHash(`u-${hexlify(randomBytes(6))}`),
  };
}

describe("CreditRegistryLedger", () => {
  let bank: Wallet;
  let ledger: CreditRegistryLedger;
  let pool: RpcPool;
  let proxy: TcpProxy;
  let nonce = 0;

  async function sign(records: RecordInput[], at = nonce++): Promise<SignedTransaction> {
    const fees = await ledger.feeFields();
    const raw = await bank.signTransaction({
      to: ledger.contractAddress,
      data: ledger.encodeUpsertBatch(records),
      nonce: at,
      gasLimit: 3_000_000n,
      chainId: ledger.chainId,
      type: 2,
      ...fees,
    });
    return { raw, hash: keccak256(raw), nonce: at };
  }

  async function mined(hash: string) {
    for (let i = 0; i < 100; i++) {
      const receipt = await ledger.receipt(hash);
      if (receipt) return receipt;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`not mined: ${hash}`);
  }

  beforeAll(async () => {
    bank = freshWallet(provider);
    const contractAddress = await deployRegistry(freshWallet(provider), [bank.address]);
    proxy = await startTcpProxy(testStack().anvilRpcUrl);
    pool = new RpcPool({ urls: [proxy.url, testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
    ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  });
  afterAll(async () => {
    pool.destroy();
    await proxy.close();
  });

  it("broadcasts a batch and decodes its receipt's business events", async () => {
    const subject = hexlify(randomBytes(32));
    const first = await sign([record(subject, 100n)]);
    await ledger.broadcast(first);
    await mined(first.hash);
    const stale = record(subject, 50n);
    const fresh = record(hexlify(randomBytes(32)), 7n, 612);
    const batch = await sign([stale, fresh]);
    await ledger.broadcast(batch);
    const receipt = await mined(batch.hash);
    expect(receipt).toMatchObject({ status: "success", from: bank.address.toLowerCase() });
    expect(receipt.events).toEqual([
      expect.objectContaining({ kind: "skipped", subjectKey: subject, updateId: stale.updateId, asOf: 50n, reason: 1 }),
      expect.objectContaining({ kind: "upserted", updateId: fresh.updateId, score: 612, issuer: bank.address }),
    ]);
    expect(await ledger.nonceOf(bank.address, "latest")).toBe(nonce);
  });

  it("treats a rebroadcast of identical bytes as success, before and after mining", async () => {
    const signed = await sign([record(hexlify(randomBytes(32)), 1n)]);
    await ledger.broadcast(signed);
    await ledger.broadcast(signed);
    await mined(signed.hash);
    await expect(ledger.broadcast(signed)).resolves.toBeUndefined();
  });

  it("rejects different bytes for a used nonce with NONCE_TOO_LOW", async () => {
    const reused = await sign([record(hexlify(randomBytes(32)), 1n)], 0);
    const error = await ledger.broadcast(reused).catch((e: unknown) => e);
    expect(isAppError(error, "NONCE_TOO_LOW")).toBe(true);
  });

  it("broadcasts through the remaining endpoint when one is dead", async () => {
    await proxy.kill();
    const signed = await sign([record(hexlify(randomBytes(32)), 1n)]);
    await ledger.broadcast(signed);
    expect((await mined(signed.hash)).status).toBe("success");
    await proxy.restore();
  });

  it("reads records across issuers, membership and events by block range", async () => {
    const subject = hexlify(randomBytes(32));
    const written = record(subject, 42n, 777);
    const signed = await sign([written]);
    await ledger.broadcast(signed);
    const receipt = await mined(signed.hash);
    expect(await ledger.getRecord(subject, bank.address)).toEqual({
      score: 777,
      scoreModel: written.scoreModel,
      asOf: 42n,
      recordHash: written.recordHash,
    });
    expect(await ledger.getRecord(subject, freshWallet(provider).address)).toBeNull();
    expect(await ledger.getRecords(subject)).toEqual([
      { issuer: bank.address, record: expect.objectContaining({ score: 777 }) },
    ]);
    expect(await ledger.isMember(bank.address)).toBe(true);
    expect(await ledger.members()).toEqual([bank.address]);
    const events = await ledger.recordEvents(receipt.blockNumber, receipt.blockNumber);
    expect(events).toEqual([expect.objectContaining({ kind: "upserted", txHash: signed.hash, logIndex: 0 })]);
    expect(await ledger.blockHash(receipt.blockNumber)).toBe(receipt.blockHash);
    expect(await ledger.blockHash((await ledger.blockNumber()) + 1000)).toBeNull();
  });

  it("decodes a custom-error revert into TX_REVERTED with the error name", async () => {
    const outsider = freshWallet(provider);
    const data = registryInterface.encodeFunctionData("upsertBatch", [[record(hexlify(randomBytes(32)), 1n)]]);
    const call = { from: outsider.address, to: ledger.contractAddress, data };
    const error = await pool.request("eth_call", [call, "latest"], { abi: registryInterface }).catch((e: unknown) => e);
    expect(isAppError(error, "TX_REVERTED")).toBe(true);
    expect(isAppError(error) && error.details["errorName"]).toBe("NotMember");
    expect(isAppError(error) && error.message).toContain(outsider.address);
  });
});
