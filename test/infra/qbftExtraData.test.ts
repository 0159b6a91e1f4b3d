import { encodeRlp, getAddress, hexlify, randomBytes, zeroPadValue } from "ethers";
import { describe, expect, it } from "vitest";
import { decodeQbftExtraData, encodeQbftExtraData } from "../../infra/tools/consortium/qbftExtraData.js";

const VALIDATORS = [
  "0x0437373cdffedf832493252f481be5e243d8689f",
  "0x734b3dc25239b6aa5e09108b5d2b025a95936967",
  "0xcea04c5df46b24431de67b72a754b577ff53c79e",
  "0xecdc3ed1e782fecf363ae5a5c414d55606d6876f",
];

describe("encodeQbftExtraData", () => {
  it("writes vanity, the validator list, an empty vote, round 0 and no seals", () => {
    const encoded = encodeQbftExtraData(VALIDATORS);
    const addresses = VALIDATORS.map((a) => `94${a.slice(2)}`).join("");
    expect(encoded).toBe(`0xf87aa0${"00".repeat(32)}f854${addresses}c080c0`);
  });

  it("keeps a custom 32-byte vanity", () => {
    const vanity = hexlify(randomBytes(32));
    expect(decodeQbftExtraData(encodeQbftExtraData(VALIDATORS, vanity)).vanity).toBe(vanity);
  });

  it("rejects duplicate validators, an empty set and a short vanity", () => {
    expect(() => encodeQbftExtraData([VALIDATORS[0] ?? "", VALIDATORS[0] ?? ""])).toThrow("distinct");
    expect(() => encodeQbftExtraData([])).toThrow("at least one");
    expect(() => encodeQbftExtraData(VALIDATORS, "0x01")).toThrow("32 bytes");
  });
});

describe("decodeQbftExtraData", () => {
  it("recovers the validator set it was given, checksummed and in order", () => {
    const decoded = decodeQbftExtraData(encodeQbftExtraData(VALIDATORS));
    expect(decoded).toEqual({
      vanity: zeroPadValue("0x", 32),
      validators: VALIDATORS.map((a) => getAddress(a)),
      round: 0,
      seals: [],
    });
  });

  it("reads a vote, a round and seals of a sealed block header", () => {
    const seal = hexlify(randomBytes(65));
    const extraData = encodeRlp([
      zeroPadValue("0x", 32),
      VALIDATORS,
      [VALIDATORS[1] ?? "", "0x81"],
      "0x00000003",
      [seal],
    ]);
    expect(decodeQbftExtraData(extraData)).toMatchObject({
      vote: { address: getAddress(VALIDATORS[1] ?? ""), add: true },
      round: 3,
      seals: [seal],
    });
  });

  it("rejects data that is not the five-field QBFT structure", () => {
    expect(() => decodeQbftExtraData(encodeRlp([zeroPadValue("0x", 32), VALIDATORS]))).toThrow("5 fields");
    expect(() => decodeQbftExtraData(encodeRlp([zeroPadValue("0x", 32), ["0x1234"], [], "0x", []]))).toThrow(
      "validator must be 20 bytes",
    );
  });
});
