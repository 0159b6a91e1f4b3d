// Reading and writing the typed values of `$management` request and response bodies (longs that arrive as
// numbers or 8-byte buffers, uuid lock tokens, arrays) and the standard replies.
import { tokenFromUuidBytes } from "./amqpCodec.js";
import { CONDITION } from "./errors.js";
import type { Reply } from "./requestReply.js";
import { amqpTypes, type Typed } from "./rheaInternals.js";

/** A request body as rhea decodes it (an AMQP map with string keys). */
export type RequestBody = Record<string, unknown>;

/** A long that rhea decoded as a number or, beyond 2^53, an 8-byte buffer. */
export function longOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE());
  return undefined;
}

/** The sequence numbers of a request (`sequence-numbers`). */
export function sequenceNumbersOf(body: RequestBody): number[] {
  const values = body["sequence-numbers"];
  if (!Array.isArray(values)) return [];
  return values.map(longOf).filter((n): n is number => n !== undefined);
}

/** The lock tokens of a request (`lock-tokens`, uuid array in RFC byte order). */
export function lockTokensOf(body: RequestBody): string[] {
  const values = body["lock-tokens"];
  if (!Array.isArray(values)) return [];
  return values.filter((v): v is Buffer => Buffer.isBuffer(v) && v.length === 16).map(tokenFromUuidBytes);
}

/** A string field, if present. */
export function stringOf(body: RequestBody, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" ? value : undefined;
}

/** An array of longs, typed as the service sends them. */
export function longArray(values: number[]): Typed {
  return amqpTypes.wrap_array(values, 0x81);
}

/** 200 with a body. */
export function ok(body?: unknown): Reply {
  return { statusCode: 200, statusDescription: "OK", body };
}

/** An error reply with the condition the SDK maps to a `ServiceBusError.code`. */
export function fail(statusCode: number, errorCondition: string, statusDescription: string): Reply {
  return { statusCode, errorCondition, statusDescription };
}

/** 400 for a malformed request. */
export function badRequest(what: string): Reply {
  return fail(400, CONDITION.argumentError, what);
}
