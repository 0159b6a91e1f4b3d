import { describe, expect, it } from "vitest";
import { parseCreditUpdate } from "../../../lib/domain/creditUpdate.js";
import { generateUpdates } from "../../../local/bank/generateUpdates.js";
import { seededRandom } from "../../../local/bank/random.js";
import { malformedMessage, unusualUpdate } from "../../../local/soak/oddMessages.js";
import { asOfMillis, messageMix } from "../../../local/soak/messageMix.js";

const scoreRange = { min: 300, max: 850 };
const parse = (body: unknown) => parseCreditUpdate(body, { scoreRange, now: new Date() });

describe("unusualUpdate", () => {
  it("makes only updates the schema accepts, in every variant", () => {
    const random = seededRandom("unusual");
    const labels = new Set<string>();
    for (const base of generateUpdates(300, { bank: "bank-a", seed: "unusual" })) {
      const { label, update } = unusualUpdate(random, base, scoreRange);
      labels.add(label);
      const parsed = parse(update);
      expect(parsed.ok ? "ok" : `${label}: ${JSON.stringify(parsed.errors)}`).toBe("ok");
    }
    expect(labels.size).toBe(10);
  });
});

describe("malformedMessage", () => {
  it("makes messages the schema refuses, naming the field the audit expects", () => {
    const random = seededRandom("malformed");
    const labels = new Set<string>();
    generateUpdates(300, { bank: "bank-a", seed: "malformed" }).forEach((base, n) => {
      const bad = malformedMessage(random, base, "bank-a/run", n);
      labels.add(bad.label);
      const parsed = parse(bad.body);
      const errors = parsed.ok ? [] : parsed.errors.map((e) => e.field);
      if (bad.field === "messageId") expect(parsed.ok && parsed.update.updateId !== bad.messageId).toBe(true);
      else
        expect(
          errors.some((field) => field.includes(bad.field)),
          `${bad.label}: ${errors.join()}`,
        ).toBe(true);
    });
    expect(labels.size).toBe(12);
  });
});

describe("asOfMillis", () => {
  it("reads asOf as the registry stores it: milliseconds, finer fractions cut, a leap second as .999", () => {
    expect(asOfMillis("2026-01-01T10:00:00.123456789+05:30")).toBe(Date.parse("2026-01-01T04:30:00.123Z"));
    expect(asOfMillis("2026-06-30T23:59:60Z")).toBe(Date.parse("2026-06-30T23:59:59.999Z"));
  });
});

describe("messageMix", () => {
  it("is the same stream for the same seed, with every kind of message in it", () => {
    const draw = () => {
      const next = messageMix("bank-a", "seed", () => 0);
      return Array.from({ length: 3_000 }, () => next());
    };
    const [first, second] = [draw(), draw()];
    expect(second.map((m) => m.messageId)).toEqual(first.map((m) => m.messageId));
    const kinds = new Set(first.map((m) => m.expect.kind));
    expect([...kinds].sort()).toEqual(["conflict", "malformed", "resend", "update"]);
  });
});
