// Reads that decide something about the chain together, made so the answers cannot come from nodes at different
// heights even behind a load balancer: a transaction's snapshot (head, receipt, mined nonce) in one batch, and a
// log range proven to be read from a node that holds the range's last block.
import { toBeHex } from "ethers";
import { AppError } from "../../domain/appError.js";
import type { EventRange, LedgerReceipt, TransactionSnapshot } from "../../domain/ledgerTypes.js";
import { decodeGovernanceEvents } from "./governanceEvents.js";
import { decodeRecordEvents, RECORD_EVENT_TOPICS, type RawLog } from "./registryEvents.js";
import type { PinnedRequest } from "./rpcEndpoint.js";

/** A receipt as the node sends it. */
export interface RawReceipt {
  transactionHash: string;
  status: string;
  blockNumber: string;
  blockHash: string;
  gasUsed: string;
  from: string;
  logs: RawLog[];
}

/** Which transaction a snapshot is about, and how deep it must be buried to be final. */
export interface SnapshotQuery {
  hash: string;
  from: string;
  nonce: number;
  confirmations: number;
  contractAddress: string;
}

/** The receipt with the registry's events decoded. */
export function toLedgerReceipt(raw: RawReceipt, contractAddress: string): LedgerReceipt {
  const governance = decodeGovernanceEvents(raw.logs, contractAddress);
  return {
    ...(governance.length > 0 ? { governance } : {}),
    txHash: raw.transactionHash,
    status: raw.status === "0x1" ? "success" : "reverted",
    blockNumber: Number(raw.blockNumber),
    blockHash: raw.blockHash,
    gasUsed: BigInt(raw.gasUsed),
    from: raw.from,
    events: decodeRecordEvents(raw.logs, contractAddress),
  };
}

/**
 * Head, receipt and mined nonce from one node: one JSON-RPC batch, so one HTTP request, which a load balancer in
 * front of validators sends to one of them (separate requests may reach nodes at different heights, and a node
 * that has not imported our block would make a mined transaction look replaced). The node may import a block
 * while it answers, so when the nonce is used and no receipt came back the batch is read once more and its answer
 * taken: a replaced transaction shows the same twice, a mined one shows its receipt. When more than one
 * confirmation is required, the block hash at the receipt's height is read too; a node without it gives null,
 * which never confirms.
 */
export async function readTransactionSnapshot(rpc: PinnedRequest, query: SnapshotQuery): Promise<TransactionSnapshot> {
  const read = async () => {
    const [nonce, raw, head] = await rpc.batch([
      { method: "eth_getTransactionCount", params: [query.from, "latest"] },
      { method: "eth_getTransactionReceipt", params: [query.hash] },
      { method: "eth_blockNumber", params: [] },
    ]);
    return { slotsUsed: Number(nonce as string), raw: raw as RawReceipt | null, head: Number(head as string) };
  };
  const first = await read();
  const { slotsUsed, raw, head } = first.raw === null && first.slotsUsed > query.nonce ? await read() : first;
  const receipt = raw ? toLedgerReceipt(raw, query.contractAddress) : null;
  const headBlock = Math.max(head, receipt?.blockNumber ?? 0);
  const snapshot: TransactionSnapshot = { headBlock, receipt, slotsUsed };
  if (receipt && query.confirmations > 1 && headBlock - receipt.blockNumber + 1 >= query.confirmations) {
    snapshot.canonicalHash = await blockHashOn(rpc, receipt.blockNumber);
  }
  return snapshot;
}

/**
 * Registry logs of an inclusive range from a node proven to hold its last block: the block and the logs are read in
 * one batch (one node, block first), so the logs cannot be clipped at a lagging head. A node without the block is
 * NODE_BEHIND (another endpoint is tried).
 */
export async function readEventRange(
  rpc: PinnedRequest,
  range: { fromBlock: number; toBlock: number; contractAddress: string },
): Promise<EventRange> {
  const filter = {
    address: range.contractAddress,
    fromBlock: toBeHex(range.fromBlock),
    toBlock: toBeHex(range.toBlock),
    topics: [RECORD_EVENT_TOPICS],
  };
  // Besu refuses a range above its head ("Invalid params", mapped to NODE_BEHIND); anvil and geth clip it.
  const [block, logs] = await rpc.batch([
    { method: "eth_getBlockByNumber", params: [toBeHex(range.toBlock), false] },
    { method: "eth_getLogs", params: [filter] },
  ]);
  const toBlockHash = (block as { hash: string } | null)?.hash;
  if (!toBlockHash) throw new AppError("NODE_BEHIND", `eth_getLogs: the node has no block ${range.toBlock}`);
  return { events: decodeRecordEvents(logs as RawLog[], range.contractAddress), toBlockHash };
}

/** The endpoint's canonical hash at a height, or null above its head. */
export async function blockHashOn(rpc: PinnedRequest, blockNumber: number): Promise<string | null> {
  const block = await rpc<{ hash: string } | null>("eth_getBlockByNumber", [toBeHex(blockNumber), false]);
  return block?.hash ?? null;
}
