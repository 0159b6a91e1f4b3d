// Maps what the Key Vault SDK throws to the application's error codes, once, at the adapter boundary: a 429 that
// outlived the SDK's own retries becomes a retryable SIGNING_THROTTLED carrying the service's Retry-After, no answer
// or a 5xx a retryable SIGNING_UNAVAILABLE, anything else SIGNING_FAILED. The SDK error is not chained as the cause
// because it holds the request with its bearer token.
import { AppError } from "../../domain/appError.js";

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/** The AppError for a failed Key Vault call made for `operation` ("sign", "getKey", …). */
export function toSigningError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  const shape = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const statusCode = typeof shape.statusCode === "number" ? shape.statusCode : undefined;
  const serviceCode = typeof shape.code === "string" ? shape.code : undefined;
  const message = typeof shape.message === "string" ? shape.message : String(error);
  const cause = Object.assign(new Error(message), { name: typeof shape.name === "string" ? shape.name : "Error" });
  if (statusCode === 429) {
    const retryAfterInMs = retryAfterFrom(shape);
    return new AppError("SIGNING_THROTTLED", `Key Vault throttled ${operation} (HTTP 429)`, {
      cause,
      details: { operation, statusCode, serviceCode, retryAfterInMs },
    });
  }
  // No answer, or a server-side failure: the vault may answer the same request later.
  if (statusCode === undefined || statusCode >= 500 || statusCode === 408) {
    return new AppError("SIGNING_UNAVAILABLE", `Key Vault ${operation} unavailable: ${message}`, {
      cause,
      details: { operation, statusCode: statusCode ?? null, serviceCode },
    });
  }
  return new AppError("SIGNING_FAILED", `Key Vault ${operation} failed: ${message}`, {
    cause,
    details: { operation, statusCode, serviceCode },
  });
}

function retryAfterFrom(shape: SdkErrorShape): number | undefined {
  const headers = shape.response?.headers;
  const milliseconds = Number(headers?.get?.("retry-after-ms") ?? headers?.get?.("x-ms-retry-after-ms") ?? NaN);
  if (Number.isFinite(milliseconds)) return milliseconds;
  const retryAfter = headers?.get?.("retry-after");
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
