import { makeError } from "ethers";
import { describe, expect, it } from "vitest";
import { isTransportError, toAppError } from "../../lib/adapters/rpcErrors.js";
import type { ErrorCode } from "../../lib/domain/appError.js";

const context = { endpoint: "http://node-1:8545", method: "eth_sendRawTransaction" };

function nodeAnswer(message: string, code = -32000): Error {
  return makeError("could not coalesce error", "UNKNOWN_ERROR", { error: { code, message } });
}

describe("toAppError", () => {
  it.each<[string, Error, ErrorCode]>([
    ["geth already known", nodeAnswer("already known"), "ALREADY_KNOWN"],
    ["Besu known transaction", nodeAnswer("Known transaction"), "ALREADY_KNOWN"],
    ["Besu TRANSACTION_ALREADY_KNOWN", nodeAnswer("TRANSACTION_ALREADY_KNOWN"), "ALREADY_KNOWN"],
    ["anvil nonce too low", nodeAnswer("nonce too low", -32003), "NONCE_TOO_LOW"],
    ["Besu NONCE_TOO_LOW", nodeAnswer("NONCE_TOO_LOW"), "NONCE_TOO_LOW"],
    ["Besu nonce too far ahead", nodeAnswer("NONCE_TOO_FAR_IN_FUTURE_FOR_SENDER"), "NONCE_TOO_HIGH"],
    ["geth nonce too high", nodeAnswer("nonce too high"), "NONCE_TOO_HIGH"],
    ["replacement underpriced", nodeAnswer("replacement transaction underpriced"), "REPLACEMENT_UNDERPRICED"],
    ["Besu underpriced", nodeAnswer("TRANSACTION_REPLACEMENT_UNDERPRICED"), "REPLACEMENT_UNDERPRICED"],
    ["insufficient funds", nodeAnswer("insufficient funds for gas * price + value"), "INSUFFICIENT_FUNDS"],
    ["Besu pool full", nodeAnswer("TX_POOL_FULL"), "TX_POOL_FULL"],
    ["log range", nodeAnswer("query returned more than 10000 results"), "LOG_RANGE_TOO_LARGE"],
    ["ethers timeout", makeError("timeout", "TIMEOUT", { operation: "x", reason: "timeout" }), "TIMEOUT"],
    [
      "connection refused",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      "NODE_UNAVAILABLE",
    ],
    ["HTTP 502", makeError("server error", "SERVER_ERROR", { request: undefined as never }), "NODE_UNAVAILABLE"],
    ["anything else", nodeAnswer("Failed to decode transaction", -32602), "RPC_ERROR"],
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

describe("isTransportError", () => {
  it("is true only when the node gave no verdict", () => {
    expect(isTransportError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransportError(nodeAnswer("nonce too low"))).toBe(false);
  });
});
