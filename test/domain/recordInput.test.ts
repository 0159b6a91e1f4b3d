import { id } from "ethers";
import { describe, expect, it } from "vitest";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { scoreModelBytes16, scoreModelText, toRecordInput, updateIdHash } from "../../lib/domain/recordInput.js";

describe("updateIdHash", () => {
  it("is keccak256 of the UTF-8 update id, as ethers computes it", () => {
    expect(updateIdHash("bank-a/000001")).toBe(id("bank-a/000001"));
  });
});

describe("scoreModelBytes16", () => {
  it.each([
    ["FICO8", "0x4649434f380000000000000000000000"],
    ["M".repeat(16), "0x" + "4d".repeat(16)],
  ])("pads %s to bytes16 and decodes back", (text, hex) => {
    expect(scoreModelBytes16(text)).toBe(hex);
    expect(scoreModelText(hex)).toBe(text);
  });

  it("refuses more than 16 bytes", () => {
    expect(() => scoreModelBytes16("M".repeat(17))).toThrow(RangeError);
  });
});

describe("toRecordInput", () => {
  it("maps asOf to epoch milliseconds and keeps the keys", () => {
    const update = {
      updateId: "u-9",
      score: 640,
      scoreModel: "VS4",
      asOf: "2026-11-22T10:00:00.250+01:00",
    } as CreditUpdate;
    const input = toRecordInput(update, "0x" + "aa".repeat(32), "0x" + "bb".repeat(32));
    expect(input).toEqual({
      subjectKey: "0x" + "aa".repeat(32),
      score: 640,
      scoreModel: scoreModelBytes16("VS4"),
      asOf: BigInt(Date.parse("2026-11-22T09:00:00.250Z")),
      recordHash: "0x" + "bb".repeat(32),
      updateId: id("u-9"),
    });
  });
});
