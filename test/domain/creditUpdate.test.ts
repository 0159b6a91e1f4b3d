import { describe, expect, it } from "vitest";
import { parseCreditUpdate, type ParseOptions } from "../../lib/domain/creditUpdate.js";

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
    ["an updateId with spaces", withField("updateId", "a b"), "updateId", /pattern/],
    ["an updateId over 128 chars", withField("updateId", "x".repeat(129)), "updateId", /more than 128/],
    ["schemaVersion 2", withField("schemaVersion", 2), "schemaVersion", /constant/],
    ["an unknown scheme", withField("subject.scheme", "ssn"), "subject.scheme", /allowed values/],
    ["a three-letter country", withField("subject.country", "SWE"), "subject.country", /pattern/],
    ["a missing subject id", withField("subject.id", undefined), "subject.id", /required/],
    ["a too-short national id", withField("subject.id", "12-3"), "subject.id", /4–32 letters or digits/],
    ["an extra subject field", withField("subject.name", "Anna"), "subject.name", /not an allowed field/],
    ["a fractional score", withField("score", 700.5), "score", /integer/],
    ["a score as text", withField("score", "700"), "score", /integer/],
    ["a score below the range", withField("score", 299), "score", /between 300 and 850/],
    ["a score above the range", withField("score", 851), "score", /between 300 and 850/],
    ["a long score model", withField("scoreModel", "M".repeat(17)), "scoreModel", /pattern/],
    ["a date without time", withField("asOf", "2026-11-22"), "asOf", /date-time/],
    ["an asOf in the future", withField("asOf", "2026-11-22T12:30:00Z"), "asOf", /future/],
    ["duplicate reason codes", withField("reasonCodes", ["A", "A"]), "reasonCodes", /duplicate/],
    [
      "a nested attribute",
      withField("attributes.limits", { max: 1 }),
      "attributes.limits",
      /string .* number or a boolean/,
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
