// The published JSON Schema of a credit update (schemaVersion 1). `schemas/credit-update.v1.schema.json` is this
// object written out for other banks' tools; a test fails when the two differ. Every bound here is chosen so that
// an update it accepts fits one Azure Table entity, a Service Bus message and the contract's `upsertBatch` encoding.
import { INSTANT_PATTERN } from "./instant.js";

/** Identification schemes a subject can be identified by. */
export const SUBJECT_SCHEMES = ["national-id", "tax-id", "passport", "lei"] as const;

/** Largest accepted update id, in characters (the Service Bus message id limit). */
export const MAX_UPDATE_ID_LENGTH = 128;

/** Largest attribute number in magnitude: every integer up to it survives JSON, storage and the commitment exactly. */
export const MAX_ATTRIBUTE_NUMBER = Number.MAX_SAFE_INTEGER;

/** Text without control characters (C0, DEL, C1) or unpaired UTF-16 surrogates, which storage and queues refuse. */
const PLAIN_TEXT = "^[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]*$";

/** JSON Schema (draft 2020-12) of a credit update. */
export const creditUpdateSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://creditlink.example/schemas/credit-update.v1.schema.json",
  title: "Credit update",
  description: "A bank's update of one subject's credit record, posted to the creditlink inbound queue.",
  type: "object",
  additionalProperties: false,
  required: ["schemaVersion", "updateId", "subject", "score", "scoreModel", "asOf"],
  properties: {
    schemaVersion: { const: 1, description: "Version of this schema." },
    updateId: {
      type: "string",
      minLength: 1,
      maxLength: MAX_UPDATE_ID_LENGTH,
      pattern: "^[!-~]+$",
      description: "Bank-unique id of this update (printable ASCII, no spaces); the idempotency key everywhere.",
    },
    subject: {
      type: "object",
      additionalProperties: false,
      required: ["scheme", "country", "id"],
      description: "The person or company; personal data, never written on chain.",
      properties: {
        scheme: { enum: [...SUBJECT_SCHEMES] },
        country: { type: "string", pattern: "^[A-Za-z]{2}$", description: "ISO 3166-1 alpha-2 country code." },
        id: { type: "string", minLength: 1, maxLength: 64 },
      },
    },
    score: { type: "integer", minimum: 0, maximum: 65535, description: "Checked against the configured range." },
    scoreModel: { type: "string", pattern: "^[A-Za-z0-9._-]{1,16}$", description: "At most 16 ASCII characters." },
    asOf: {
      type: "string",
      format: "date-time",
      pattern: INSTANT_PATTERN,
      description:
        "RFC 3339 instant with `Z` or a ±hh:mm offset, after 1970-01-01T00:00:00Z and at most five minutes after " +
        "receipt; " +
        "orders updates per subject and issuer at millisecond precision (finer fractions are truncated, a leap " +
        "second counts as the last millisecond of 23:59 UTC).",
    },
    reasonCodes: {
      type: "array",
      maxItems: 16,
      uniqueItems: true,
      items: { type: "string", pattern: "^[A-Za-z0-9_.-]{1,32}$" },
    },
    attributes: {
      type: "object",
      maxProperties: 32,
      propertyNames: { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" },
      additionalProperties: {
        anyOf: [
          { type: "string", maxLength: 256, pattern: PLAIN_TEXT },
          { type: "number", minimum: -MAX_ATTRIBUTE_NUMBER, maximum: MAX_ATTRIBUTE_NUMBER },
          { type: "boolean" },
        ],
      },
    },
  },
} as const;
