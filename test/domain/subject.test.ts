import { describe, expect, it } from "vitest";
import { canonicalSubject, normaliseSubject, subjectKey, type Subject } from "../../lib/domain/subject.js";

const secret = new Uint8Array(32).fill(7);

describe("normaliseSubject", () => {
  it.each<[Subject, Subject]>([
    [
      { scheme: "national-id", country: "se", id: "19800101-1234" },
      { scheme: "national-id", country: "SE", id: "198001011234" },
    ],
    [
      { scheme: "tax-id", country: "DE", id: "12/345/67890" },
      { scheme: "tax-id", country: "DE", id: "1234567890" },
    ],
    [
      { scheme: "passport", country: "nl", id: "nx 12345a" },
      { scheme: "passport", country: "NL", id: "NX12345A" },
    ],
    [
      { scheme: "lei", country: "us", id: "5493001kjtiigc8y1r12" },
      { scheme: "lei", country: "US", id: "5493001KJTIIGC8Y1R12" },
    ],
  ])("canonicalises %j", (input, expected) => {
    expect(normaliseSubject(input)).toEqual({ ok: true, subject: expected });
  });

  it.each<[Subject, RegExp]>([
    [{ scheme: "national-id", country: "SE", id: "12" }, /4–32/],
    [{ scheme: "passport", country: "SE", id: "AB-123456" }, /5–20/],
    [{ scheme: "lei", country: "US", id: "5493001KJTIIGC8Y1R13" }, /check digits/],
    [{ scheme: "lei", country: "US", id: "5493001KJTIIGC8Y1R1" }, /LEI/],
  ])("rejects %j", (input, message) => {
    const result = normaliseSubject(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.idError).toMatch(message);
  });
});

describe("subjectKey", () => {
  it("gives every spelling of the same person the same key", () => {
    const spellings: Subject[] = [
      { scheme: "national-id", country: "se", id: "19800101-1234" },
      { scheme: "national-id", country: "SE", id: "19800101 1234" },
      { scheme: "national-id", country: "Se", id: "198001011234" },
    ];
    const keys = spellings.map((s) => {
      const n = normaliseSubject(s);
      if (!n.ok) throw new Error(n.idError);
      return subjectKey(n.subject, secret);
    });
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("depends on the scheme, the country and the consortium secret", () => {
    const base: Subject = { scheme: "national-id", country: "SE", id: "198001011234" };
    const key = subjectKey(base, secret);
    expect(subjectKey({ ...base, scheme: "tax-id" }, secret)).not.toBe(key);
    expect(subjectKey({ ...base, country: "NO" }, secret)).not.toBe(key);
    expect(subjectKey(base, new Uint8Array(32).fill(8))).not.toBe(key);
  });

  it("matches HMAC-SHA256 of the documented canonical text", async () => {
    const { createHmac } = await import("node:crypto");
    const subject: Subject = { scheme: "passport", country: "NL", id: "NX12345A" };
    expect(canonicalSubject(subject)).toBe("v1|passport|NL|NX12345A");
    const expected = createHmac("sha256", secret).update("v1|passport|NL|NX12345A").digest("hex");
    expect(subjectKey(subject, secret)).toBe(`0x${expected}`);
  });
});
