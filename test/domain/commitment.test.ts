import { keccak256, toUtf8Bytes, concat } from "ethers";
import { describe, expect, it } from "vitest";
import { canonicalJson, recordCommitment, verifyRecordCommitment } from "../../lib/domain/commitment.js";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";

const record: CreditUpdate = {
  schemaVersion: 1,
  updateId: "u-1",
  subject: { scheme: "national-id", country: "SE", id: "198001011234" },
  score: 700,
  scoreModel: "FICO8",
  asOf: "2026-11-22T10:00:00Z",
  reasonCodes: ["B", "A"],
  attributes: { z: 1, a: "x", m: true },
};
const salt = "0x" + "11".repeat(32);

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: [3, { d: null, c: "é" }] }, '{"a":[3,{"c":"é","d":null}],"b":1}'],
    [{ x: undefined, y: 1.5 }, '{"y":1.5}'],
    ["text", '"text"'],
  ])("serialises %j with sorted keys", (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("does not depend on key insertion order", () => {
    const reordered = { ...record, attributes: { m: true, a: "x", z: 1 } };
    expect(canonicalJson(reordered)).toBe(canonicalJson(record));
  });
});

describe("recordCommitment", () => {
  it("is keccak256 of salt followed by the canonical JSON", () => {
    const expected = keccak256(concat([salt, toUtf8Bytes(canonicalJson(record))]));
    expect(recordCommitment(record, salt)).toBe(expected);
  });

  it("changes with the salt and with any field", () => {
    const hash = recordCommitment(record, salt);
    expect(recordCommitment(record, "0x" + "12".repeat(32))).not.toBe(hash);
    expect(recordCommitment({ ...record, score: 701 }, salt)).not.toBe(hash);
    expect(recordCommitment({ ...record, subject: { ...record.subject, id: "198001011235" } }, salt)).not.toBe(hash);
  });

  it("rejects a salt of the wrong length", () => {
    expect(() => recordCommitment(record, "0x1234")).toThrow(/32 bytes/);
  });
});

describe("verifyRecordCommitment", () => {
  it("accepts the genuine record and rejects a tampered one", () => {
    const hash = recordCommitment(record, salt).toUpperCase().replace("0X", "0x");
    expect(verifyRecordCommitment(record, salt, hash)).toBe(true);
    expect(verifyRecordCommitment({ ...record, reasonCodes: ["A", "B"] }, salt, hash)).toBe(false);
  });
});
