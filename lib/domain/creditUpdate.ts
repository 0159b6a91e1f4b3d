// Turns an untrusted message body into a CreditUpdate, or into field-level errors that name what is wrong.
import type { ErrorObject } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { creditUpdateSchema, MAX_ATTRIBUTE_NUMBER } from "./creditUpdateSchema.js";
import { INSTANT_MESSAGE, parseInstant } from "./instant.js";
import { normaliseSubject, type Subject } from "./subject.js";

/** A validated credit update; `subject` is in canonical form. */
export interface CreditUpdate {
  schemaVersion: 1;
  updateId: string;
  subject: Subject;
  score: number;
  scoreModel: string;
  asOf: string;
  reasonCodes: string[];
  attributes: Record<string, string | number | boolean>;
}

/** One problem with one field; `field` is a dotted path (`subject.id`, `reasonCodes.2`) or `(body)`. */
export interface FieldError {
  field: string;
  message: string;
}

/** The outcome of parsing: a valid update or the list of field errors. */
export type ParseResult = { ok: true; update: CreditUpdate } | { ok: false; errors: FieldError[] };

/** Options for {@link parseCreditUpdate}. */
export interface ParseOptions {
  scoreRange: { min: number; max: number };
  /** The current time; `asOf` may not lie further than `maxClockSkewInMs` after it. */
  now: Date;
  maxClockSkewInMs?: number;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormatsModule.default(ajv, ["date-time"]);
const validate = ajv.compile(creditUpdateSchema);
const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;
/** What a field that fails its pattern is told, by field (list items share their list's entry). */
const PATTERN_MESSAGES: Record<string, string> = {
  updateId: "must be printable ASCII without spaces",
  "subject.country": "must be an ISO 3166-1 alpha-2 code (two letters)",
  scoreModel: "must be 1–16 letters, digits, '.', '_' or '-'",
  asOf: INSTANT_MESSAGE,
  reasonCodes: "must be 1–32 letters, digits, '.', '_' or '-'",
};
/** Most field errors one rejection lists. */
export const MAX_FIELD_ERRORS = 10;
/** Longest field path a rejection quotes (an unknown key is the sender's text, of any length). */
const MAX_FIELD_LENGTH = 100;

/** Validates a message body (object, JSON string or bytes) as a credit update. */
export function parseCreditUpdate(body: unknown, options: ParseOptions): ParseResult {
  const value = decodeBody(body);
  if (!value.ok) return value;
  if (!validate(value.json)) return { ok: false, errors: fieldErrors(validate.errors ?? []) };
  const raw = value.json as Omit<CreditUpdate, "reasonCodes" | "attributes"> & Partial<CreditUpdate>;
  const errors: FieldError[] = [];
  const { min, max } = options.scoreRange;
  if (raw.score < min || raw.score > max) errors.push({ field: "score", message: `must be between ${min} and ${max}` });
  const asOfError = checkAsOf(raw.asOf, options);
  if (asOfError) errors.push({ field: "asOf", message: asOfError });
  const subject = normaliseSubject(raw.subject);
  if (!subject.ok) errors.push({ field: "subject.id", message: subject.idError });
  if (errors.length > 0 || !subject.ok) return { ok: false, errors };
  return {
    ok: true,
    update: { ...raw, subject: subject.subject, reasonCodes: raw.reasonCodes ?? [], attributes: raw.attributes ?? {} },
  };
}

/** Why `asOf` cannot be stored and written on chain, or null: an instant from the epoch to shortly after now. */
function checkAsOf(asOf: string, options: ParseOptions): string | null {
  const instant = parseInstant(asOf);
  if (!instant.ok) return instant.message;
  // The registry reads an empty slot as asOf 0 and skips anything not newer, so the epoch itself can never be written.
  if (instant.millis < 1) return "must be after 1970-01-01T00:00:00Z";
  const skew = options.maxClockSkewInMs ?? DEFAULT_CLOCK_SKEW_MS;
  return instant.millis > options.now.getTime() + skew ? "is in the future" : null;
}

function decodeBody(body: unknown): { ok: true; json: unknown } | { ok: false; errors: FieldError[] } {
  if (body instanceof Uint8Array) return decodeBody(Buffer.from(body).toString("utf8"));
  if (typeof body !== "string") return { ok: true, json: body };
  try {
    return { ok: true, json: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, errors: [{ field: "(body)", message: "is not valid JSON" }] };
  }
}

/**
 * Ajv reports several errors for one bad field (each anyOf branch, propertyNames): keep one per field, and at most
 * {@link MAX_FIELD_ERRORS} with a count of the rest, so that a body of thousands of unknown keys gets a short answer.
 */
function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const distinct = errors
    .filter((e) => !e.schemaPath.includes("/anyOf/"))
    .map(toFieldError)
    .filter((e) => !seen.has(e.field) && seen.add(e.field));
  if (distinct.length <= MAX_FIELD_ERRORS) return distinct;
  const more = distinct.length - MAX_FIELD_ERRORS;
  return [...distinct.slice(0, MAX_FIELD_ERRORS), { field: "(body)", message: `and ${more} more invalid fields` }];
}

function toFieldError(error: ErrorObject): FieldError {
  const { field, message } = describeAjvError(error);
  return { field: field.length > MAX_FIELD_LENGTH ? `${field.slice(0, MAX_FIELD_LENGTH)}…` : field, message };
}

function describeAjvError(error: ErrorObject): FieldError {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment || `""`)
    .join(".");
  const join = (name: string): string => (path ? `${path}.${name || `""`}` : name || `""`);
  switch (error.keyword) {
    case "required":
      return { field: join(String(error.params["missingProperty"])), message: "is required" };
    case "additionalProperties":
      return { field: join(String(error.params["additionalProperty"])), message: "is not an allowed field" };
    case "propertyNames":
      return { field: join(String(error.params["propertyName"])), message: "is not an allowed attribute name" };
    case "anyOf":
      return {
        field: path,
        message:
          "must be a string of at most 256 characters without control characters, " +
          `a number of magnitude at most ${MAX_ATTRIBUTE_NUMBER} or a boolean`,
      };
    case "type":
      return { field: path || "(body)", message: `must be ${String(error.params["type"])}` };
    case "format":
    case "pattern":
      return {
        field: path,
        message: PATTERN_MESSAGES[path.replace(/\.\d+$/, "")] ?? "has characters this field does not allow",
      };
    default:
      return { field: path || "(body)", message: error.message ?? "is invalid" };
  }
}
