import { getAddress, hexlify, randomBytes } from "ethers";
import { describe, expect, it } from "vitest";
import {
  decodeCanonical,
  decodeRecordEvents,
  decodeWithAbi,
  registryInterface,
  type RawLog,
} from "../../lib/adapters/evm/registryEvents.js";

const registry = "0x" + "12".repeat(20);
const random32 = () => hexlify(randomBytes(32));

function log(name: "RecordUpserted" | "RecordSkipped", values: unknown[], index: number): RawLog {
  const { topics, data } = registryInterface.encodeEventLog(name, values);
  return {
    address: registry,
    topics,
    data,
    blockNumber: "0x2a",
    blockHash: random32(),
    transactionHash: random32(),
    logIndex: "0x" + index.toString(16),
  };
}

describe("decodeRecordEvents", () => {
  const issuer = getAddress(hexlify(randomBytes(20)));
  const logs = [
    ...Array.from({ length: 50 }, (_, i) =>
      log(
        "RecordUpserted",
        [random32(), issuer, random32(), i * 1_000, hexlify(randomBytes(16)), BigInt(Date.now()) * 1000n, random32()],
        i,
      ),
    ),
    log(
      "RecordUpserted",
      [random32(), issuer, random32(), 65_535, "0x" + "ff".repeat(16), 2n ** 64n - 1n, random32()],
      50,
    ),
    log("RecordSkipped", [random32(), issuer, random32(), 1_763_000_000_000n, 1], 51),
    log("RecordSkipped", [random32(), issuer, random32(), 0n, 2], 52),
  ];

  it("decodes every event by its fixed layout, exactly as the ABI decoder does", () => {
    expect(logs.map((l) => decodeCanonical(l))).toEqual(logs.map((l) => decodeWithAbi(l)));
    expect(decodeRecordEvents(logs, registry)).toEqual(logs.map((l) => decodeWithAbi(l)));
  });

  it("hands a log outside the canonical encoding to the ABI decoder (same result)", () => {
    const shouting = { ...logs[0]!, data: logs[0]!.data.toUpperCase().replace("0X", "0x") };
    expect(decodeCanonical(shouting)).toBeNull();
    expect(decodeRecordEvents([shouting], registry)).toEqual([decodeWithAbi(logs[0]!)]);
  });

  it("ignores logs of other contracts and other events", () => {
    const foreign = { ...logs[0]!, address: "0x" + "34".repeat(20) };
    const other = { ...logs[0]!, topics: [random32(), ...logs[0]!.topics.slice(1)] };
    expect(decodeRecordEvents([foreign, other], registry)).toEqual([]);
  });
});
