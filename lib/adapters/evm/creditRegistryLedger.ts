// The Ledger port over the CreditRegistry on the consortium's JSON-RPC endpoints, and the registry calls the EVM
// ledger writer (evmLedgerWriter.ts) builds on: typed calls, decoded events, broadcasts of signed bytes (broadcastRaw.ts decides what the endpoints' answers mean), and the reads that decide
// together pinned to one endpoint (chainReads.ts), views read from one endpoint (registryViews.ts).
import { zeroPadValue } from "ethers";
import { AppError, isAppError } from "../../domain/appError.js";
import type {
  EraseInput,
  EventRange,
  LedgerReceipt,
  OnChainRecord,
  RecordEvent,
  RecordInput,
  RecordUpsertedEvent,
  TransactionSnapshot,
  UpsertKey,
} from "../../domain/ledgerTypes.js";
import type { FeeFields, SignedTransaction } from "./transactionSigner.js";
import type { GovernanceState, MembershipChange } from "../../domain/governanceChain.js";
import type { Ledger } from "../../ports/ledger.js";
import { broadcastRaw } from "./broadcastRaw.js";
import {
  blockHashOn,
  readEventRange,
  readTransactionSnapshot,
  toLedgerReceipt,
  type RawReceipt,
} from "./chainReads.js";
import { PROPOSAL_ACTIONS } from "./governanceEvents.js";
import { readGovernanceState } from "./governanceReads.js";
import { decodeRecordEvents, RECORD_EVENT_TOPICS, registryInterface, type RawLog } from "./registryEvents.js";
import { callView, headAtLeast, toRecord } from "./registryViews.js";
import type { RpcPool } from "./rpcPool.js";

/** Options for {@link CreditRegistryLedger}. */
export interface CreditRegistryLedgerOptions {
  pool: RpcPool;
  chainId: bigint;
  contractAddress: string;
  feeStrategy: "zero" | "market";
}

/** The CreditRegistry as the application's Ledger, with the calls, fees and broadcasts of EvmLedgerWriter. */
export class CreditRegistryLedger implements Ledger {
  readonly chainId: bigint;
  readonly contractAddress: string;
  private readonly pool: RpcPool;
  private readonly feeStrategy: "zero" | "market";

  constructor(options: CreditRegistryLedgerOptions) {
    this.pool = options.pool;
    this.chainId = options.chainId;
    this.contractAddress = options.contractAddress;
    this.feeStrategy = options.feeStrategy;
  }

  async blockNumber(): Promise<number> {
    return Number(await this.pool.request<string>("eth_blockNumber", []));
  }

  async nonceOf(address: string, blockTag: "latest" | "pending"): Promise<number> {
    return Number(await this.pool.request<string>("eth_getTransactionCount", [address, blockTag]));
  }

  async feeFields(): Promise<FeeFields> {
    if (this.feeStrategy === "zero") return { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
    const [block, tip] = await Promise.all([
      this.pool.request<{ baseFeePerGas?: string }>("eth_getBlockByNumber", ["latest", false]),
      this.pool.request<string>("eth_maxPriorityFeePerGas", []),
    ]);
    const priority = BigInt(tip);
    return { maxFeePerGas: BigInt(block.baseFeePerGas ?? 0) * 2n + priority, maxPriorityFeePerGas: priority };
  }

  encodeUpsertBatch(records: readonly RecordInput[]): string {
    return registryInterface.encodeFunctionData("upsertBatch", [records]);
  }

  encodeEraseBatch(erasures: readonly EraseInput[]): string {
    return registryInterface.encodeFunctionData("eraseBatch", [erasures]);
  }

  encodePropose(change: MembershipChange, account: string): string {
    return registryInterface.encodeFunctionData("propose", [PROPOSAL_ACTIONS[change], account]);
  }

  encodeApprove(proposalId: number): string {
    return registryInterface.encodeFunctionData("approve", [proposalId]);
  }

  async governanceState(limit: number): Promise<GovernanceState> {
    return this.pool.pinned((rpc) => readGovernanceState(rpc, { contractAddress: this.contractAddress, limit }));
  }

  async broadcast(signed: SignedTransaction): Promise<void> {
    await broadcastRaw(this.pool, signed);
  }

  async receipt(txHash: string): Promise<LedgerReceipt | null> {
    const raw = await this.pool.request<RawReceipt | null>("eth_getTransactionReceipt", [txHash]);
    return raw ? toLedgerReceipt(raw, this.contractAddress) : null;
  }

  async transactionSnapshot(
    tx: { hash: string; from: string; nonce: number },
    confirmations: number,
  ): Promise<TransactionSnapshot> {
    const query = { ...tx, confirmations, contractAddress: this.contractAddress };
    return this.pool.pinned((rpc) => readTransactionSnapshot(rpc, query));
  }

  async blockHash(blockNumber: number): Promise<string | null> {
    try {
      return await this.pool.pinned(async (rpc) => {
        const hash = await blockHashOn(rpc, blockNumber);
        // A node behind the height says nothing about it: ask the next one.
        if (hash === null) throw new AppError("NODE_BEHIND", `no block ${blockNumber} on this node`);
        return hash;
      });
    } catch (error) {
      if (isAppError(error, "NODE_BEHIND")) return null;
      throw error;
    }
  }

  async getRecord(subjectKey: string, issuer: string, atLeastBlock?: number): Promise<OnChainRecord | null> {
    const [record] = await this.call("getRecord", [subjectKey, issuer], atLeastBlock);
    const decoded = toRecord(record);
    return decoded.asOf === 0n ? null : decoded;
  }

  async getRecords(subjectKey: string): Promise<{ issuer: string; record: OnChainRecord }[]> {
    const [issuers, records] = (await this.call("getRecords", [subjectKey])) as unknown as [string[], unknown[]];
    return issuers.map((issuer, i) => ({ issuer, record: toRecord(records[i]) }));
  }

  async isMember(address: string): Promise<boolean> {
    return Boolean((await this.call("isMember", [address]))[0]);
  }

  async members(): Promise<string[]> {
    return [...((await this.call("members", []))[0] as string[])];
  }

  async simulateCall(
    from: string,
    data: string,
    atLeastBlock?: number,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const call = { from, to: this.contractAddress, data };
    try {
      // With the code from the same node: upsertBatch and approve return nothing, so a node whose head is before the
      // deployment would answer the empty success of a call to an address without code.
      await this.pool.pinned(async (rpc) => {
        const block = atLeastBlock === undefined ? "latest" : await headAtLeast(rpc, atLeastBlock);
        const [code] = await rpc.batch([
          { method: "eth_getCode", params: [this.contractAddress, block] },
          { method: "eth_call", params: [call, block], abi: registryInterface },
        ]);
        if (code === "0x") throw new AppError("NODE_BEHIND", `eth_call: no registry code at ${block} on this node`);
      });
      return { ok: true };
    } catch (error) {
      // Only a revert with its data is the contract's verdict; a node fault ("Internal error", a halt) is thrown.
      if (!isAppError(error, "TX_REVERTED")) throw error;
      return { ok: false, reason: error.message.replace(/^eth_call reverted: /, "") };
    }
  }

  async estimateUpsertBatchGas(from: string, records: readonly RecordInput[]): Promise<bigint | null> {
    const call = { from, to: this.contractAddress, data: this.encodeUpsertBatch(records) };
    try {
      return BigInt(await this.pool.request<string>("eth_estimateGas", [call], { abi: registryInterface }));
    } catch (error) {
      // No estimate: the planned (worst-case) gas limit serves, and a broadcast that cannot reach a node now is
      // rebroadcast later like any other.
      if (isAppError(error, "TX_REVERTED") || (isAppError(error) && error.retryable)) return null;
      throw error;
    }
  }

  async recordEvents(fromBlock: number, toBlock: number): Promise<RecordEvent[]> {
    return (await this.eventRange(fromBlock, toBlock)).events;
  }

  async eventRange(fromBlock: number, toBlock: number): Promise<EventRange> {
    const range = { fromBlock, toBlock, contractAddress: this.contractAddress };
    return this.pool.pinned((rpc) => readEventRange(rpc, range));
  }

  async upsertedEvents(key: UpsertKey): Promise<RecordUpsertedEvent[]> {
    const blockHash = await this.blockHash(key.blockNumber);
    if (blockHash === null) throw new AppError("NODE_BEHIND", `no endpoint has block ${key.blockNumber}`);
    const topics = [RECORD_EVENT_TOPICS[0], key.subjectKey, zeroPadValue(key.issuer, 32), key.updateId];
    // By block hash: a node that has not imported the block answers "Block not found" (NODE_BEHIND), never an empty
    // list, whichever node behind a load balancer gets the request.
    const logs = await this.pool.request<RawLog[]>("eth_getLogs", [
      { address: this.contractAddress, blockHash, topics },
    ]);
    return decodeRecordEvents(logs, this.contractAddress).filter((e) => e.kind === "upserted");
  }

  /** A registry view ({@link callView}), read from one endpoint at or past `atLeastBlock` when given. */
  private call(name: string, args: unknown[], atLeastBlock?: number): Promise<readonly unknown[]> {
    return callView(this.pool, this.contractAddress, { name, args, atLeastBlock });
  }
}
