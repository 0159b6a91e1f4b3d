import { describe, expect, it } from "vitest";
import { assessConfirmation, type BatchEntry } from "../../lib/domain/confirmation.js";
import type { LedgerReceipt, RecordEvent } from "../../lib/domain/ledgerTypes.js";

const issuer = "0x1111111111111111111111111111111111111111";
const other = "0x2222222222222222222222222222222222222222";
const entry = (n: number): BatchEntry => ({
  updateId: `u-${n}`,
  updateIdHash: `0x${String(n).padStart(64, "0")}`,
  subjectKey: `0x${"a".repeat(63)}${n}`,
});
const batch = [entry(1), entry(2)];
const location = { txHash: "0xt", blockNumber: 10, blockHash: "0xb", logIndex: 0 };

function upserted(e: BatchEntry, logIndex: number, from = issuer): RecordEvent {
  return {
    kind: "upserted",
    ...location,
    logIndex,
    subjectKey: e.subjectKey,
    issuer: from,
    updateId: e.updateIdHash,
    score: 1,
    scoreModel: "0x",
    asOf: 1n,
    recordHash: "0x",
  };
}

function receipt(events: RecordEvent[], status: LedgerReceipt["status"] = "success"): LedgerReceipt {
  return { txHash: "0xt", status, blockNumber: 10, blockHash: "0xb", gasUsed: 1n, from: issuer, events };
}

const base = { batch, headBlock: 10, requiredConfirmations: 1, issuer };

describe("assessConfirmation", () => {
  it.each([
    ["no receipt", { receipt: null }, { status: "pending" }],
    ["a reverted receipt", { receipt: receipt([], "reverted") }, { status: "reverted", blockNumber: 10 }],
    [
      "a receipt not yet deep enough",
      { receipt: receipt([upserted(entry(1), 0), upserted(entry(2), 1)]), requiredConfirmations: 3, headBlock: 11 },
      { status: "awaiting-depth", blockNumber: 10, confirmations: 2 },
    ],
  ])("reports %s", (_label, input, expected) => {
    expect(assessConfirmation({ ...base, ...input })).toEqual(expected);
  });

  it("declares a transaction replaced only when the node without our receipt has mined past our nonce", () => {
    expect(assessConfirmation({ ...base, receipt: null, nonce: { ours: 4, mined: 5 } })).toEqual({
      status: "replaced",
    });
    expect(assessConfirmation({ ...base, receipt: null, nonce: { ours: 4, mined: 4 } })).toEqual({ status: "pending" });
    const mined = receipt([upserted(entry(1), 0), upserted(entry(2), 1)]);
    expect(assessConfirmation({ ...base, receipt: mined, nonce: { ours: 4, mined: 5 } }).status).toBe("confirmed");
  });

  it("does not confirm at depth 2 a receipt whose block is no longer canonical at its height (finding 7)", () => {
    const mined = receipt([upserted(entry(1), 0), upserted(entry(2), 1)]);
    const deep = { ...base, receipt: mined, requiredConfirmations: 2, headBlock: 11 };
    expect(assessConfirmation({ ...deep, canonicalHash: "0xother" })).toEqual({ status: "pending" });
    expect(assessConfirmation({ ...deep, canonicalHash: null })).toEqual({ status: "pending" });
    expect(assessConfirmation({ ...deep, canonicalHash: "0xb" }).status).toBe("confirmed");
    const reverted = { ...deep, receipt: receipt([], "reverted") };
    expect(assessConfirmation({ ...reverted, canonicalHash: "0xother" })).toEqual({ status: "pending" });
  });

  it("confirms each update by its own event at one confirmation (QBFT finality)", () => {
    const result = assessConfirmation({ ...base, receipt: receipt([upserted(entry(2), 1), upserted(entry(1), 0)]) });
    expect(result).toEqual({
      status: "confirmed",
      blockNumber: 10,
      blockHash: "0xb",
      outcomes: [
        { updateId: "u-1", status: "confirmed", logIndex: 0 },
        { updateId: "u-2", status: "confirmed", logIndex: 1 },
      ],
    });
  });

  it("marks skipped records superseded with the reason", () => {
    const skipped: RecordEvent = {
      kind: "skipped",
      ...location,
      logIndex: 1,
      subjectKey: entry(2).subjectKey,
      issuer,
      updateId: entry(2).updateIdHash,
      asOf: 1n,
      reason: 2,
    };
    const result = assessConfirmation({ ...base, receipt: receipt([upserted(entry(1), 0), skipped]) });
    expect(result.status === "confirmed" && result.outcomes[1]).toEqual({
      updateId: "u-2",
      status: "superseded",
      logIndex: 1,
      reason: "same-asOf",
    });
  });

  it("does not accept status 1 without events, nor events by another issuer", () => {
    expect(assessConfirmation({ ...base, receipt: receipt([]) })).toMatchObject({
      status: "unmatched",
      missing: ["u-1", "u-2"],
    });
    const foreign = assessConfirmation({
      ...base,
      receipt: receipt([upserted(entry(1), 0), upserted(entry(2), 1, other)]),
    });
    expect(foreign).toMatchObject({ status: "unmatched", missing: ["u-2"] });
  });
});
