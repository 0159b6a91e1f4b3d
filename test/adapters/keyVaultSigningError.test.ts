import { describe, expect, it } from "vitest";
import { toSigningError } from "../../lib/adapters/keyvault/keyVaultSigningError.js";
import { AppError } from "../../lib/domain/appError.js";

/** An error shaped like the SDK's RestError, with a request that carries a bearer token. */
function restError(statusCode: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error("service said no"), {
    name: "RestError",
    statusCode,
    code: statusCode === 429 ? "Throttled" : "Forbidden",
    request: { headers: { authorization: "Bearer secret-token" } },
    response: { headers: { get: (name: string) => headers[name] } },
  });
}

describe("toSigningError", () => {
  it("maps a 429 to a retryable SIGNING_THROTTLED with Retry-After in milliseconds", () => {
    const error = toSigningError(restError(429, { "retry-after": "3" }), "sign");
    expect(error).toMatchObject({ code: "SIGNING_THROTTLED", retryable: true });
    expect(error.details).toMatchObject({ operation: "sign", statusCode: 429, retryAfterInMs: 3000 });
  });

  it("prefers retry-after-ms and understands an HTTP-date Retry-After", () => {
    expect(toSigningError(restError(429, { "retry-after-ms": "250" }), "sign").details.retryAfterInMs).toBe(250);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const retryAfterInMs = toSigningError(restError(429, { "retry-after": date }), "sign").details.retryAfterInMs;
    expect(retryAfterInMs).toBeGreaterThan(50_000);
    expect(retryAfterInMs).toBeLessThanOrEqual(60_000);
  });

  it("maps a vault that did not answer or failed server-side to a retryable SIGNING_UNAVAILABLE", () => {
    expect(toSigningError(new TypeError("socket hang up"), "sign")).toMatchObject({
      code: "SIGNING_UNAVAILABLE",
      retryable: true,
    });
    expect(toSigningError(restError(503), "sign")).toMatchObject({
      code: "SIGNING_UNAVAILABLE",
      details: { statusCode: 503 },
    });
  });

  it("maps other failures to a final SIGNING_FAILED", () => {
    const error = toSigningError(restError(403), "getKey");
    expect(error).toMatchObject({ code: "SIGNING_FAILED", retryable: false, details: { statusCode: 403 } });
  });

  it("never chains the SDK error, whose request holds the bearer token", () => {
    const error = toSigningError(restError(429), "sign");
    expect(error.cause).not.toHaveProperty("request");
    expect(JSON.stringify({ ...error, cause: { ...(error.cause as object) } })).not.toContain("secret-token");
  });

  it("passes an AppError through unchanged", () => {
    const original = new AppError("CONFIG_INVALID", "bad key");
    expect(toSigningError(original, "getKey")).toBe(original);
  });
});
