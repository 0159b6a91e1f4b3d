// A node k blocks behind, as seen through JSON-RPC: what a validator that is still importing the last blocks
// answers. Requests for "latest" are rewritten to the lagging head before they go to the real node, and answers
// about later blocks are hidden: no receipt, no block, `null` for state at a block it does not have (Besu since
// 25.12), "Block not found" for logs of a block hash it does not have, logs clipped at its head or refused as Besu
// does.
import { BESU_BLOCK_NOT_FOUND, BESU_LOGS_ABOVE_HEAD, type RpcError } from "./besuErrors.js";

/** One JSON-RPC call, as the proxy forwards it. */
export interface RpcCall {
  method: string;
  params: unknown[];
}

/** What a lagging endpoint does with a call: send it on (maybe rewritten) and filter the answer, or answer itself. */
export type LaggedCall =
  | {
      kind: "forward";
      call: RpcCall;
      filter?: (result: unknown) => unknown;
      /** Answer `notFound` unless the node has the block with this hash (read before forwarding). */
      needsBlock?: { hash: string; notFound: RpcError };
    }
  | { kind: "answer"; result: unknown }
  | { kind: "error"; error: RpcError };

/** How a lagging endpoint answers eth_getLogs above its head: clipped (anvil, geth) or refused (Besu). */
export type LogsAboveHead = "clip" | "invalid-params";

const hex = (n: number): string => "0x" + n.toString(16);
const num = (value: unknown): number => Number(BigInt(value as string));
const blockOf = (tag: unknown, head: number): number =>
  tag === undefined || tag === "latest" || tag === "pending" || tag === "safe" || tag === "finalized" ? head : num(tag);

/** How a node whose head is `head` (the real head minus the lag) handles `call`. */
export function lagCall(call: RpcCall, head: number, logs: LogsAboveHead): LaggedCall {
  const { method, params } = call;
  const hidesAbove = (result: unknown): unknown => {
    const block = (result as { blockNumber?: string | null } | null)?.blockNumber;
    return block && num(block) > head ? null : result;
  };
  switch (method) {
    case "eth_blockNumber":
      return { kind: "answer", result: hex(head) };
    case "eth_getTransactionReceipt":
    case "eth_getTransactionByHash":
      return { kind: "forward", call, filter: hidesAbove };
    case "eth_getBlockByHash":
      return {
        kind: "forward",
        call,
        filter: (block) => (num((block as { number: string } | null)?.number ?? "0x0") > head ? null : block),
      };
    case "eth_getTransactionCount":
    case "eth_call":
    case "eth_getBalance":
    case "eth_getCode": {
      const at = blockOf(params[params.length - 1], head);
      if (at > head) return { kind: "answer", result: null };
      return { kind: "forward", call: { method, params: [...params.slice(0, -1), hex(at)] } };
    }
    case "eth_getBlockByNumber": {
      const at = blockOf(params[0], head);
      if (at > head) return { kind: "answer", result: null };
      return { kind: "forward", call: { method, params: [hex(at), ...params.slice(1)] } };
    }
    case "eth_getLogs":
      return lagLogs(call, head, logs);
    default:
      return { kind: "forward", call };
  }
}

function lagLogs(call: RpcCall, head: number, logs: LogsAboveHead): LaggedCall {
  const filter = { ...(call.params[0] as { fromBlock?: string; toBlock?: string; blockHash?: string }) };
  // A block hash the node has not imported: Besu refuses it.
  if (filter.blockHash)
    return { kind: "forward", call, needsBlock: { hash: filter.blockHash, notFound: BESU_BLOCK_NOT_FOUND } };
  const to = blockOf(filter.toBlock, head);
  const from = blockOf(filter.fromBlock ?? "latest", head);
  if (to > head && logs === "invalid-params") return { kind: "error", error: BESU_LOGS_ABOVE_HEAD };
  if (from > Math.min(to, head)) return { kind: "answer", result: [] };
  const clipped = { ...filter, fromBlock: hex(from), toBlock: hex(Math.min(to, head)) };
  return { kind: "forward", call: { method: call.method, params: [clipped] } };
}
