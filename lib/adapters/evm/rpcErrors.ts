// The one mapper from JSON-RPC node errors (as ethers v6 surfaces them, or as raw node text from geth, anvil and
// Besu) to AppError codes; whether a code is final or retried is decided once, in lib/domain/appError.ts. Besu's
// texts are its RpcErrorType messages (../shared/notes/besu-rpc.md); a text nobody recognised is RPC_ERROR, retried.
import { isError, type Interface } from "ethers";
import { AppError, isAppError, type ErrorCode } from "../../domain/appError.js";
import { redactUrl, scrubUrls } from "../../domain/redactUrl.js";

/** Node error text (lower-cased) to code, for every method; first match wins. */
const NODE_MESSAGES: [RegExp, ErrorCode][] = [
  [/already known|known transaction|transaction_already_known|already imported/, "ALREADY_KNOWN"],
  [/nonce too low|nonce_too_low|nonce has already been used/, "NONCE_TOO_LOW"],
  // Besu's "too distant" (older releases: "nonce it too distant") becomes valid once earlier nonces mine.
  [/nonce too high|nonce_too_far_in_future|nonce too far|nonce i[st] too distant|future_nonce/, "NONCE_TOO_HIGH"],
  [/replacement (transaction )?underpriced|replacement_underpriced/, "REPLACEMENT_UNDERPRICED"],
  [/insufficient funds|upfront cost exceeds|upfront_cost_exceeds_balance/, "INSUFFICIENT_FUNDS"],
  [/txpool is full|tx_pool_full|transaction pool is full/, "TX_POOL_FULL"],
  [/transaction pool not enabled|initial sync is still in progress|node is syncing/, "NODE_NOT_READY"],
  [
    new RegExp(
      [
        "invalid signature",
        "wrong chainid",
        "chainid not supported",
        "chainid is required",
        "invalid chain id",
        "intrinsic gas",
        "exceeds block gas limit",
        "gas limit cap exceeded",
        "sender account not authorized",
        "fee cap exceeded",
        "max priority fee per gas exceeds max fee per gas",
        "invalid transaction type",
        "marked the transaction as invalid",
        "gas price below configured minimum gas price",
      ].join("|"),
    ),
    "TX_INVALID",
  ],
  [
    /query returned more than|block range|range too large|exceeds? maximum|too many results|limit exceeded/,
    "LOG_RANGE_TOO_LARGE",
  ],
];

/** Texts whose meaning depends on the method: the same "Invalid params" is bad bytes or a node behind the range. */
const METHOD_MESSAGES: Record<string, [RegExp, ErrorCode][]> = {
  eth_sendRawTransaction: [[/invalid params|invalid number of params|failed to decode|rlp/, "TX_INVALID"]],
  eth_getLogs: [[/invalid params|block not found|unknown block/, "NODE_BEHIND"]],
  // A call at an explicit block the node has not imported (Besu before 25.12, geth): the node is behind.
  eth_call: [[/block not found|unknown block|header not found/, "NODE_BEHIND"]],
};

const TRANSPORT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "EPIPE", "ETIMEDOUT"]);

/** Context for {@link toAppError}: where the call went, and the ABI to decode a revert with. */
export interface RpcErrorContext {
  endpoint: string;
  method: string;
  abi?: Interface;
}

/** Maps any error thrown by a JSON-RPC call to an AppError, once, keeping the original as `cause`. */
export function toAppError(error: unknown, context: RpcErrorContext): AppError {
  if (isAppError(error)) return error;
  // The endpoint's URL may carry a provider key: only its redacted form reaches messages, details and logs.
  context = { ...context, endpoint: redactUrl(context.endpoint) };
  const details = { endpoint: context.endpoint, method: context.method };
  if (isTransportError(error)) {
    const timedOut = isError(error, "TIMEOUT") || errorCode(error) === "ETIMEDOUT";
    const code = timedOut ? "TIMEOUT" : "NODE_UNAVAILABLE";
    return new AppError(code, `${context.method} to ${context.endpoint} failed: ${scrubUrls(describe(error))}`, {
      cause: error,
      details,
    });
  }
  // ethers makes every eth_call/eth_estimateGas error a CALL_EXCEPTION; only one carrying revert data is a revert,
  // the others (Besu's "Internal error", an execution halt, a lagging node) are the node's trouble.
  if (isError(error, "CALL_EXCEPTION") && typeof error.data === "string") return revertError(error, context, details);
  const message = scrubUrls(nodeMessage(error));
  const text = message.toLowerCase();
  const rules = [...(METHOD_MESSAGES[context.method] ?? []), ...NODE_MESSAGES];
  const code = rules.find(([pattern]) => pattern.test(text))?.[1] ?? "RPC_ERROR";
  return new AppError(code, `${context.method} to ${context.endpoint}: ${message}`, { cause: error, details });
}

/** Whether the request never got a verdict from the node (so another endpoint may be tried). */
export function isTransportError(error: unknown): boolean {
  if (isError(error, "TIMEOUT") || isError(error, "NETWORK_ERROR")) return true;
  if (isError(error, "SERVER_ERROR")) return true; // HTTP 5xx or a garbled body from a proxy or a dying node
  const code = errorCode(error);
  return code !== undefined && TRANSPORT_CODES.has(code);
}

function revertError(error: Error & { data?: string | null }, context: RpcErrorContext, details: object): AppError {
  const decoded = error.data && error.data !== "0x" && context.abi ? context.abi.parseError(error.data) : null;
  const reason = decoded ? `${decoded.name}(${decoded.args.map(String).join(", ")})` : nodeMessage(error);
  return new AppError("TX_REVERTED", `${context.method} reverted: ${reason}`, {
    cause: error,
    details: { ...details, revertData: error.data ?? null, errorName: decoded?.name ?? null },
  });
}

/** The node's own error text when ethers wrapped it, else the error's message. */
function nodeMessage(error: unknown): string {
  const e = error as { info?: { error?: { message?: unknown } }; error?: { message?: unknown }; message?: unknown };
  const text = e.info?.error?.message ?? e.error?.message ?? e.message;
  return typeof text === "string" ? text : String(error);
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === "string" && e.code.startsWith("E") ? e.code : e.cause?.code;
  return typeof code === "string" ? code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? (errorCode(error) ?? error.message) : String(error);
}
