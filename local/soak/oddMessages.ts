// The unusual messages a soak mixes into its load: updates at the edges of what the schema accepts (they must be
// confirmed like any other) and malformed messages (each must be answered once, naming the field at fault). A
// malformed message's Service Bus id is the update id it claims, or one of its own when it claims none.
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import type { Random } from "../bank/random.js";

/** A malformed message and the field its rejection must name. */
export interface MalformedMessage {
  messageId: string;
  body: unknown;
  field: string;
  label: string;
}

const DAY_IN_MS = 86_400_000;
const ODD_ID_TAIL = "~!@#$%^&*()_+{}|:\"<>?[]\\;',.=-`";

/** `base` (a valid update with a fresh subject) changed into one of the unusual-but-valid forms. */
export function unusualUpdate(random: Random, base: CreditUpdate, scoreRange: { min: number; max: number }) {
  const asOfMs = Date.parse(base.asOf);
  const variants: [string, () => CreditUpdate][] = [
    ["offset-and-nanoseconds", () => ({ ...base, asOf: withOffset(asOfMs, "+05:30", "123456789") })],
    ["leap-second", () => ({ ...base, asOf: `${new Date(asOfMs - DAY_IN_MS).toISOString().slice(0, 10)}T23:59:60Z` })],
    ["longest-update-id", () => ({ ...base, updateId: longestId(base.updateId) })],
    ["lowest-score", () => ({ ...base, score: scoreRange.min })],
    ["highest-score", () => ({ ...base, score: scoreRange.max })],
    ["lower-case-country", () => ({ ...base, subject: { ...base.subject, country: lower(base.subject.country) } })],
    ["sixteen-reason-codes", () => ({ ...base, reasonCodes: Array.from({ length: 16 }, (_, i) => `R.${i}_x-${i}`) })],
    ["widest-attributes", () => ({ ...base, attributes: widestAttributes() })],
    ["longest-score-model", () => ({ ...base, scoreModel: "Model.v1_beta-16" })],
    ["as-of-in-two-minutes", () => ({ ...base, asOf: new Date(Date.now() + 120_000).toISOString() })],
  ];
  const [label, make] = random.pick(variants);
  return { label, update: make() };
}

/** One of the malformed forms, numbered `n` so its id is unique in the run. */
export function malformedMessage(random: Random, base: CreditUpdate, idPrefix: string, n: number): MalformedMessage {
  const id = `${idPrefix}/bad-${String(n).padStart(6, "0")}`;
  const claimed = { ...base, updateId: id };
  const variants: [string, string, () => { body: unknown; messageId?: string }][] = [
    ["not-json", "(body)", () => ({ body: "{ broken" })],
    ["array", "(body)", () => ({ body: [claimed] })],
    ["missing-score", "score", () => ({ body: without(claimed, "score") })],
    ["unknown-field", "colour", () => ({ body: { ...claimed, colour: "blue" } })],
    ["score-out-of-range", "score", () => ({ body: { ...claimed, score: 99_999 } })],
    ["three-letter-country", "subject.country", () => ({ body: subjectWith(claimed, { country: "SWE" }) })],
    ["message-id-differs", "messageId", () => ({ body: { ...base, updateId: `${id}-body` }, messageId: id })],
    ["before-1970", "asOf", () => ({ body: { ...claimed, asOf: "1969-12-31T23:59:59Z" } })],
    ["space-in-update-id", "updateId", () => ({ body: { ...claimed, updateId: `${id} x` }, messageId: id })],
    ["control-character", "attributes", () => ({ body: { ...claimed, attributes: { note: "a\u0007b" } } })],
    ["schema-version-2", "schemaVersion", () => ({ body: { ...claimed, schemaVersion: 2 } })],
    ["unpaired-surrogate", "attributes", () => ({ body: { ...claimed, attributes: { note: "x\ud800y" } } })],
  ];
  const [label, field, make] = random.pick(variants);
  const made = make();
  return { messageId: made.messageId ?? id, body: made.body, field, label };
}

function withOffset(ms: number, offset: string, fraction: string): string {
  const [sign, hh, mm] = [offset[0] === "-" ? -1 : 1, Number(offset.slice(1, 3)), Number(offset.slice(4, 6))];
  const local = new Date(ms + sign * (hh * 60 + mm) * 60_000).toISOString().slice(0, 19);
  return `${local}.${fraction}${offset}`;
}

function longestId(updateId: string): string {
  const stem = `${updateId}/`;
  let tail = "";
  while (stem.length + tail.length < 128) tail += ODD_ID_TAIL;
  return (stem + tail).slice(0, 128);
}

function lower(country: string): string {
  return country.toLowerCase();
}

function widestAttributes(): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (let i = 0; i < 32; i++) {
    const name = `a${String(i).padStart(2, "0")}_${"x".repeat(60)}`;
    attributes[name] =
      i % 4 === 0
        ? "é😀".repeat(85) + "z"
        : i % 4 === 1
          ? Number.MAX_SAFE_INTEGER * (i % 8 === 1 ? -1 : 1)
          : i % 2 === 0;
  }
  return attributes;
}

function without(body: CreditUpdate, field: keyof CreditUpdate): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  delete copy[field];
  return copy;
}

function subjectWith(body: CreditUpdate, change: Partial<CreditUpdate["subject"]>): CreditUpdate {
  return { ...body, subject: { ...body.subject, ...change } };
}
