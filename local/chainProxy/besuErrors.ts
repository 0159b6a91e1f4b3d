// Besu's exact JSON-RPC error answers (code and message, see ../shared/notes/besu-rpc.md) for what anvil says in
// its own words, so the app's error mapping can be exercised against the texts a consortium's validators send.

/** A JSON-RPC error object. */
export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** anvil's text (lower-cased) → Besu's answer; first match wins, anything else is Besu's catch-all. */
const BESU_ANSWERS: [RegExp, RpcError][] = [
  [/already known|already imported|known transaction/, { code: -32000, message: "Known transaction" }],
  [/nonce too low/, { code: -32001, message: "Nonce too low" }],
  [/nonce too high/, { code: -32000, message: "Transaction nonce is too distant from current sender nonce" }],
  [/replacement transaction underpriced/, { code: -32000, message: "Replacement transaction underpriced" }],
  [/intrinsic gas/, { code: -32003, message: "Intrinsic gas exceeds gas limit" }],
  [/exceeds block gas limit/, { code: -32005, message: "Transaction gas limit exceeds block gas limit" }],
  [/insufficient funds/, { code: -32004, message: "Upfront cost exceeds account balance" }],
  [/chain id|chainid/, { code: -32000, message: "Wrong chainId" }],
  [/signature/, { code: -32002, message: "Invalid signature" }],
  [/failed to decode|invalid params|rlp/, { code: -32602, message: "Invalid params" }],
];

/** Besu's answer for an anvil error; a revert keeps its data as Besu sends it (code 3, "Execution reverted"). */
export function asBesuError(error: RpcError): RpcError {
  const text = error.message.toLowerCase();
  if (text.includes("revert")) return { code: 3, message: "Execution reverted", data: error.data };
  return BESU_ANSWERS.find(([pattern]) => pattern.test(text))?.[1] ?? { code: -32603, message: "Internal error" };
}

/** Besu's answer to eth_getLogs with a `toBlock` above the node's head. */
export const BESU_LOGS_ABOVE_HEAD: RpcError = { code: -32602, message: "Invalid params" };

/** Besu's answer to eth_getLogs with a `blockHash` the node does not have. */
export const BESU_BLOCK_NOT_FOUND: RpcError = { code: -32000, message: "Block not found" };
