// The update generator: valid updates across every scheme, distinct ids, the configured share of repeat subjects,
// increasing asOf before now, and reproducibility from a seed.
import { describe, expect, it } from "vitest";
import { parseCreditUpdate } from "../../../lib/domain/creditUpdate.js";
import { SUBJECT_SCHEMES } from "../../../lib/domain/creditUpdateSchema.js";
import { canonicalSubject, normaliseSubject } from "../../../lib/domain/subject.js";
import { generateUpdates } from "../../../local/bank/generateUpdates.js";
import { withLeiCheckDigits } from "../../../local/bank/subjectIds.js";

const distinctSubjects = (updates: ReturnType<typeof generateUpdates>): number =>
  new Set(updates.map((u) => canonicalSubject((normaliseSubject(u.subject) as { subject: typeof u.subject }).subject)))
    .size;

describe("generateUpdates", () => {
  it("produces updates that all pass parseCreditUpdate, with distinct update ids, across every scheme", () => {
    const now = new Date();
    const updates = generateUpdates(3000, { bank: "bank-a", now, scoreRange: { min: 300, max: 850 } });
    const failures = updates
      .map((u) => ({ u, parsed: parseCreditUpdate(u, { scoreRange: { min: 300, max: 850 }, now }) }))
      .filter(({ parsed }) => !parsed.ok);
    expect(failures).toEqual([]);
    expect(new Set(updates.map((u) => u.updateId)).size).toBe(3000);
    expect(new Set(updates.map((u) => u.subject.scheme))).toEqual(new Set(SUBJECT_SCHEMES));
    expect(new Set(updates.map((u) => u.subject.country)).size).toBeGreaterThan(8);
  });

  it("repeats earlier subjects in the configured share of updates (default 20%)", () => {
    expect(distinctSubjects(generateUpdates(1001, { bank: "bank-a" }))).toBe(1001 - 200);
    expect(distinctSubjects(generateUpdates(501, { bank: "bank-a", repeatShare: 0.5 }))).toBe(501 - 250);
    expect(distinctSubjects(generateUpdates(300, { bank: "bank-a", repeatShare: 0 }))).toBe(300);
  });

  it("gives strictly increasing asOf values that end before now", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const asOf = generateUpdates(2000, { bank: "bank-a", now }).map((u) => Date.parse(u.asOf));
    expect(asOf.every((t, i) => i === 0 || t > (asOf[i - 1] as number))).toBe(true);
    expect(asOf.at(-1)).toBeLessThan(now.getTime());
  });

  it("names updates <bank>/<date>/<run>/<nnnnnn> and repeats itself exactly for the same seed", () => {
    const options = { bank: "bank-b", seed: 7, now: new Date("2026-11-22T12:00:00Z") };
    const first = generateUpdates(3, options);
    expect(first.map((u) => u.updateId)).toEqual([
      expect.stringMatching(/^bank-b\/2026-11-22\/[0-9a-z]{6}\/000001$/),
      expect.stringMatching(/\/000002$/),
      expect.stringMatching(/\/000003$/),
    ]);
    expect(generateUpdates(3, options)).toEqual(first);
    expect(generateUpdates(3, { ...options, seed: 8 })[0]?.updateId).not.toBe(first[0]?.updateId);
  });

  it("keeps scores in the given range", () => {
    const scores = generateUpdates(1000, { bank: "bank-a", scoreRange: { min: 1, max: 5 } }).map((u) => u.score);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...scores)).toBeLessThanOrEqual(5);
  });
});

describe("withLeiCheckDigits", () => {
  it("computes the ISO 17442 check digits of known LEIs", () => {
    expect(withLeiCheckDigits("5493001KJTIIGC8Y1R")).toBe("5493001KJTIIGC8Y1R12");
    expect(withLeiCheckDigits("7LTWFZYICNSX8D621K")).toBe("7LTWFZYICNSX8D621K86");
  });
});
