import { describe, expect, it } from "vitest";
import { MAX_FIELD_ERRORS, parseCreditUpdate, type ParseOptions } from "../../lib/domain/creditUpdate.js";
import { toRecordInput } from "../../lib/domain/recordInput.js";

const options: ParseOptions = { scoreRange: { min: 300, max: 850 }, now: new Date("2026-11-22T12:00:00Z") };

const valid = {
  schemaVersion: 1,
  updateId: "bank-a/2026-11-22/000001",
  subject: { scheme: "national-id", country: "se", id: "19800101-1234" },
  score: 712,
  scoreModel: "FICO8",
  asOf: "2026-11-22T10:15:00+01:00",
  reasonCodes: ["LATE_PAYMENT"],
  attributes: { product: "mortgage", balance: 120000, delinquent: false },
};

function withField(path: string, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  const keys = path.split(".");
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1) as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

describe("parseCreditUpdate", () => {
  it("accepts a valid update and canonicalises the subject", () => {
    const result = parseCreditUpdate(valid, options);
    expect(result).toEqual({
      ok: true,
      update: { ...valid, subject: { scheme: "national-id", country: "SE", id: "198001011234" } },
    });
  });

  it("accepts the same update as a JSON string and as bytes, defaulting optional fields", () => {
    const minimal = withField("reasonCodes", undefined) as Record<string, unknown>;
    delete minimal["attributes"];
    const fromString = parseCreditUpdate(JSON.stringify(minimal), options);
    const fromBytes = parseCreditUpdate(Buffer.from(JSON.stringify(minimal)), options);
    expect(fromString).toEqual(fromBytes);
    expect(fromString.ok && fromString.update.reasonCodes).toEqual([]);
    expect(fromString.ok && fromString.update.attributes).toEqual({});
  });

  it.each([
    ["not JSON", "{oops", "(body)", /valid JSON/],
    ["an array body", [], "(body)", /object/],
    ["missing updateId", withField("updateId", undefined), "updateId", /required/],
    ["an empty updateId", withField("updateId", ""), "updateId", /fewer than 1/],
    ["an updateId with spaces", withField("updateId", "a b"), "updateId", /printable ASCII/],
    ["an updateId over 128 chars", withField("updateId", "x".repeat(129)), "updateId", /more than 128/],
    ["schemaVersion 2", withField("schemaVersion", 2), "schemaVersion", /constant/],
    ["an unknown scheme", withField("subject.scheme", "ssn"), "subject.scheme", /allowed values/],
    ["a three-letter country", withField("subject.country", "SWE"), "subject.country", /alpha-2/],
    ["a missing subject id", withField("subject.id", undefined), "subject.id", /required/],
    ["a too-short national id", withField("subject.id", "12-3"), "subject.id", /4–32 letters or digits/],
    ["an extra subject field", withField("subject.name", "Anna"), "subject.name", /not an allowed field/],
    ["a fractional score", withField("score", 700.5), "score", /integer/],
    ["a score as text", withField("score", "700"), "score", /integer/],
    ["a score below the range", withField("score", 299), "score", /between 300 and 850/],
    ["a score above the range", withField("score", 851), "score", /between 300 and 850/],
    ["a long score model", withField("scoreModel", "M".repeat(17)), "scoreModel", /1–16/],
    ["a date without time", withField("asOf", "2026-11-22"), "asOf", /RFC 3339/],
    ["an asOf before 1970", withField("asOf", "1931-05-01T00:00:00Z"), "asOf", /after 1970/],
    ["the epoch itself (an empty slot on chain)", withField("asOf", "1970-01-01T00:00:00Z"), "asOf", /after 1970/],
    ["an asOf before 1970 by its offset", withField("asOf", "1970-01-01T00:30:00+01:00"), "asOf", /after 1970/],
    ["a year read as 19xx by Date.UTC", withField("asOf", "0070-01-01T00:00:00Z"), "asOf", /after 1970/],
    ["a leap second outside 23:59 UTC", withField("asOf", "2016-12-31T23:59:60+01:00"), "asOf", /RFC 3339|leap second/],
    ["February 30th", withField("asOf", "2024-02-30T00:00:00Z"), "asOf", /RFC 3339|calendar/],
    ["a lower-case zone", withField("asOf", "2026-11-22T10:00:00z"), "asOf", /RFC 3339/],
    ["an offset without a colon", withField("asOf", "2026-11-22T10:00:00+0100"), "asOf", /RFC 3339/],
    ["a space for the T", withField("asOf", "2026-11-22 10:00:00Z"), "asOf", /RFC 3339/],
    ["a control character in an attribute", withField("attributes.note", "a\u0000b"), "attributes.note", /control/],
    ["an unpaired surrogate", withField("attributes.note", "a\ud800b"), "attributes.note", /control/],
    ["an attribute number JSON cannot carry exactly", withField("attributes.n", 2 ** 53), "attributes.n", /magnitude/],
    ["an asOf in the future", withField("asOf", "2026-11-22T12:30:00Z"), "asOf", /future/],
    ["duplicate reason codes", withField("reasonCodes", ["A", "A"]), "reasonCodes", /duplicate/],
    [
      "a nested attribute",
      withField("attributes.limits", { max: 1 }),
      "attributes.limits",
      /string .* number .* or a boolean/,
    ],
    ["a bad attribute name", withField("attributes", { "1x": 1 }), "attributes.1x", /attribute name/],
    ["an unknown top-level field", withField("name", "Anna"), "name", /not an allowed field/],
  ])("rejects %s, naming the field", (_label, body, field, message) => {
    const result = parseCreditUpdate(body, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it("reports every invalid field at once", () => {
    const body = { ...valid, score: -1, scoreModel: "", subject: { scheme: "passport", country: "X" } };
    const result = parseCreditUpdate(body, options);
    expect(result.ok ? [] : result.errors.map((e) => e.field).sort()).toEqual([
      "score",
      "scoreModel",
      "subject.country",
      "subject.id",
    ]);
  });
});

describe("parseCreditUpdate at the edges of asOf", () => {
  it.each([
    ["the first millisecond after the epoch", "1970-01-01T00:00:00.001Z", 1n],
    ["the same instant by an offset", "1970-01-01T01:00:00.001+01:00", 1n],
    ["a leap second, as the last millisecond of its minute", "2016-12-31T23:59:60Z", 1483228799999n],
    ["a leap second with a fraction", "2016-12-31T23:59:60.5+00:00", 1483228799999n],
    ["nanoseconds, truncated to milliseconds", "2026-11-22T10:00:00.123456789Z", 1795341600123n],
    ["a 29th of February", "2024-02-29T00:00:00Z", 1709164800000n],
  ])("accepts %s and writes the instant it means", (_label, asOf, millis) => {
    const result = parseCreditUpdate(withField("asOf", asOf), options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(toRecordInput(result.update, "0x" + "11".repeat(32), "0x" + "22".repeat(32)).asOf).toBe(millis);
  });

  it("answers a body of thousands of unknown fields with a bounded list of errors", () => {
    const body = { ...valid, ...Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`.repeat(40), 1])) };
    const result = parseCreditUpdate(body, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(MAX_FIELD_ERRORS + 1);
    expect(result.errors.at(-1)).toEqual({ field: "(body)", message: "and 4990 more invalid fields" });
    expect(JSON.stringify(result.errors).length).toBeLessThan(2000);
  });
});
