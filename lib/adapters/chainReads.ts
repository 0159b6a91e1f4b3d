// Reads that decide something about the chain together, each made against one endpoint (RpcPool.pinned) so the
// answers cannot come from nodes at different heights: a transaction's snapshot (head, receipt, mined nonce) and a
// log range proven to be read from a node that holds the range's last block.
import { toBeHex } from "ethers";
import { AppError } from "../domain/appError.js";
import type { EventRange, LedgerReceipt, TransactionSnapshot } from "../domain/ledgerTypes.js";
import { decodeRecordEvents, RECORD_EVENT_TOPICS, type RawLog } from "./registryEvents.js";
import type { PinnedRequest } from "./rpcPool.js";

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
  return {
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
 * Head, receipt and mined nonce from one endpoint, in one parallel round trip. The reads race a new block, so when
 * the nonce is used and no receipt came back the receipt is read again from the same node, which now has the block
 * that used the nonce. When more than one confirmation is required, the block hash at the receipt's height is read
 * from the same node too, so a receipt from a block that was reorged away never confirms.
 */
export async function readTransactionSnapshot(rpc: PinnedRequest, query: SnapshotQuery): Promise<TransactionSnapshot> {
  const [head, first, nonce] = await Promise.all([
    rpc<string>("eth_blockNumber", []),
    rpc<RawReceipt | null>("eth_getTransactionReceipt", [query.hash]),
    rpc<string>("eth_getTransactionCount", [query.from, "latest"]),
  ]);
  const minedNonce = Number(nonce);
  const used = first === null && minedNonce > query.nonce;
  const raw = used ? await rpc<RawReceipt | null>("eth_getTransactionReceipt", [query.hash]) : first;
  const receipt = raw ? toLedgerReceipt(raw, query.contractAddress) : null;
  const headBlock = Math.max(Number(head), receipt?.blockNumber ?? 0);
  const snapshot: TransactionSnapshot = { headBlock, receipt, minedNonce };
  if (receipt && query.confirmations > 1 && headBlock - receipt.blockNumber + 1 >= query.confirmations) {
    snapshot.canonicalHash = await blockHashOn(rpc, receipt.blockNumber);
  }
  return snapshot;
}

/**
 * Registry logs of an inclusive range from a node proven to hold its last block: the block is read first, so the
 * logs read after it cannot be clipped at a lagging head. A node without the block is NODE_BEHIND (another
 * endpoint is tried).
 */
export async function readEventRange(
  rpc: PinnedRequest,
  range: { fromBlock: number; toBlock: number; contractAddress: string },
): Promise<EventRange> {
  const toBlockHash = await blockHashOn(rpc, range.toBlock);
  if (toBlockHash === null) throw new AppError("NODE_BEHIND", `eth_getLogs: the node has no block ${range.toBlock}`);
  const filter = {
    address: range.contractAddress,
    fromBlock: toBeHex(range.fromBlock),
    toBlock: toBeHex(range.toBlock),
    topics: [RECORD_EVENT_TOPICS],
  };
  const logs = await rpc<RawLog[]>("eth_getLogs", [filter]);
  return { events: decodeRecordEvents(logs, range.contractAddress), toBlockHash };
}

/** The endpoint's canonical hash at a height, or null above its head. */
export async function blockHashOn(rpc: PinnedRequest, blockNumber: number): Promise<string | null> {
  const block = await rpc<{ hash: string } | null>("eth_getBlockByNumber", [toBeHex(blockNumber), false]);
  return block?.hash ?? null;
}
