import { makeError } from "ethers";
import { describe, expect, it } from "vitest";
import { registryInterface } from "../../lib/adapters/evm/registryEvents.js";
import { isTransportError, toAppError } from "../../lib/adapters/evm/rpcErrors.js";
import { isRetryable, type ErrorCode } from "../../lib/domain/appError.js";

const context = { endpoint: "http://node-1:8545", method: "eth_sendRawTransaction" };

function nodeAnswer(message: string, code = -32000): Error {
  return makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code, message } });
}

/** What ethers makes of any eth_call error: a CALL_EXCEPTION, with `data` only for a revert. */
function callError(message: string, code: number, data: string | null): Error {
  return makeError("missing revert data", "CALL_EXCEPTION", { data, info: { error: { code, message } } } as never);
}

describe("toAppError", () => {
  it.each<[string, Error, ErrorCode]>([
    ["geth already known", nodeAnswer("already known"), "ALREADY_KNOWN"],
    ["Besu TRANSACTION_ALREADY_KNOWN", nodeAnswer("TRANSACTION_ALREADY_KNOWN"), "ALREADY_KNOWN"],
    ["anvil nonce too low", nodeAnswer("nonce too low", -32003), "NONCE_TOO_LOW"],
    ["geth nonce too high", nodeAnswer("nonce too high"), "NONCE_TOO_HIGH"],
    ["replacement underpriced", nodeAnswer("replacement transaction underpriced"), "REPLACEMENT_UNDERPRICED"],
    ["insufficient funds", nodeAnswer("insufficient funds for gas * price + value"), "INSUFFICIENT_FUNDS"],
    ["pool full", nodeAnswer("txpool is full"), "TX_POOL_FULL"],
    ["log range", nodeAnswer("query returned more than 10000 results"), "LOG_RANGE_TOO_LARGE"],
    ["ethers timeout", makeError("timeout", "TIMEOUT", { operation: "x", reason: "timeout" }), "TIMEOUT"],
    [
      "connection refused",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "NODE_UNAVAILABLE",
    ],
    ["HTTP 502", makeError("server error", "SERVER_ERROR", { request: undefined as never }), "NODE_UNAVAILABLE"],
    ["anvil undecodable bytes", nodeAnswer("Failed to decode transaction", -32602), "TX_INVALID"],
    ["a text nobody knows", nodeAnswer("the flux capacitor is out of sync", -32099), "RPC_ERROR"],
  ])("maps %s", (_label, error, code) => {
    const mapped = toAppError(error, context);
    expect(mapped.code).toBe(code);
    expect(mapped.cause).toBe(error);
    expect(mapped.details).toMatchObject({ endpoint: context.endpoint, method: context.method });
  });

  it("passes an AppError through unchanged", () => {
    const mapped = toAppError(nodeAnswer("nonce too low"), context);
    expect(toAppError(mapped, context)).toBe(mapped);
  });
});

describe("one retry decision for Besu's exact texts (../shared/notes/besu-rpc.md)", () => {
  const send = "eth_sendRawTransaction";
  it.each<[string, number, string, ErrorCode, "retry" | "final"]>([
    [send, -32000, "Known transaction", "ALREADY_KNOWN", "final"],
    [send, -32001, "Nonce too low", "NONCE_TOO_LOW", "retry"],
    [send, -32006, "Nonce too high", "NONCE_TOO_HIGH", "retry"],
    [send, -32000, "Transaction nonce is too distant from current sender nonce", "NONCE_TOO_HIGH", "retry"],
    [send, -32000, "Transaction nonce it too distant from current sender nonce", "NONCE_TOO_HIGH", "retry"],
    [send, -32000, "Replacement transaction underpriced", "REPLACEMENT_UNDERPRICED", "retry"],
    [send, -32009, "Gas price below configured minimum gas price", "TX_INVALID", "final"],
    [send, -32009, "Gas price below current base fee", "RPC_ERROR", "retry"],
    [send, -32003, "Intrinsic gas exceeds gas limit", "TX_INVALID", "final"],
    [send, -32005, "Transaction gas limit exceeds block gas limit", "TX_INVALID", "final"],
    [send, -32005, "Transaction gas limit cap exceeded", "TX_INVALID", "final"],
    [send, -32004, "Upfront cost exceeds account balance", "INSUFFICIENT_FUNDS", "final"],
    [send, -32002, "Invalid signature", "TX_INVALID", "final"],
    [send, -32000, "Wrong chainId", "TX_INVALID", "final"],
    [send, -32000, "ChainId not supported", "TX_INVALID", "final"],
    [send, -32000, "ChainId is required", "TX_INVALID", "final"],
    [
      send,
      -32002,
      "Transaction pool not enabled. (Either txpool explicitly disabled, or node not yet in sync).",
      "NODE_NOT_READY",
      "retry",
    ],
    [send, -32008, "Initial sync is still in progress", "NODE_NOT_READY", "retry"],
    [send, -32007, "Sender account not authorized to send transactions", "TX_INVALID", "final"],
    [send, -32000, "Transaction fee cap exceeded", "TX_INVALID", "final"],
    [send, -32000, "Max priority fee per gas exceeds max fee per gas", "TX_INVALID", "final"],
    [send, -32602, "Invalid transaction type", "TX_INVALID", "final"],
    [send, -32000, "Plugin has marked the transaction as invalid", "TX_INVALID", "final"],
    [send, -32603, "Internal error", "RPC_ERROR", "retry"],
    [send, -32602, "Invalid params", "TX_INVALID", "final"],
    [send, -32602, "Invalid number of params", "TX_INVALID", "final"],
    [send, 408, "Timeout expired", "RPC_ERROR", "retry"],
    ["eth_getLogs", -32005, "Requested range exceeds maximum RPC range limit", "LOG_RANGE_TOO_LARGE", "retry"],
    ["eth_getLogs", -32602, "Invalid params", "NODE_BEHIND", "retry"],
    ["eth_getLogs", -32000, "Block not found", "NODE_BEHIND", "retry"],
    ["eth_getLogs", -32603, "Internal error", "RPC_ERROR", "retry"],
  ])("%s %s %s → %s (%s)", (method, code, message, expected, decision) => {
    const mapped = toAppError(nodeAnswer(message, code), { endpoint: "http://besu:8545", method });
    expect(mapped.code).toBe(expected);
    expect(mapped.retryable).toBe(decision === "retry");
  });

  it.each<[string, number, string | null, ErrorCode, "retry" | "final"]>([
    ["Execution reverted", 3, "0x", "TX_REVERTED", "final"],
    ["Execution reverted (NotMember)", -32000, "0xdeadbeef", "TX_REVERTED", "final"],
    ["Internal error", -32603, null, "RPC_ERROR", "retry"],
    [
      "Transaction processing could not be completed due to an exception (INSUFFICIENT_GAS)",
      -32000,
      null,
      "RPC_ERROR",
      "retry",
    ],
    ["Invalid params", -32602, null, "RPC_ERROR", "retry"],
  ])("eth_call %s → %s (%s): only revert data is the contract's verdict", (message, code, data, expected, decision) => {
    const mapped = toAppError(callError(message, code, data), {
      endpoint: "http://besu:8545",
      method: "eth_call",
      abi: registryInterface,
    });
    expect(mapped.code).toBe(expected);
    expect(mapped.retryable).toBe(decision === "retry");
  });

  it("retries every code a chain adapter raises for a node's trouble or an unknown answer", () => {
    for (const code of ["RPC_ERROR", "NODE_UNAVAILABLE", "NODE_NOT_READY", "NODE_BEHIND", "TIMEOUT"] as const) {
      expect(isRetryable(code)).toBe(true);
    }
  });
});

describe("isTransportError", () => {
  it("is true only when the node gave no verdict", () => {
    expect(isTransportError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransportError(nodeAnswer("nonce too low"))).toBe(false);
  });
});
