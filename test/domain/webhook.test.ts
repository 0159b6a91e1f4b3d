import { describe, expect, it } from "vitest";
import { webhookId, webhookPayload, webhookSecret } from "../../lib/domain/webhook.js";
import { RECORD_CONFIRMED, storedWebhookEvent, webhookEventOf } from "../../lib/domain/webhookEvents.js";
import { sampleEvent } from "../support/distributionHarness.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

describe("webhookId", () => {
  it("is stable for a subscription and record, and differs across either", () => {
    const event = sampleEvent(1);
    expect(webhookId("sub_a", event)).toBe(webhookId("sub_a", { ...event, issuer: event.issuer.toUpperCase() }));
    expect(webhookId("sub_a", event)).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(webhookId("sub_b", event)).not.toBe(webhookId("sub_a", event));
    expect(webhookId("sub_a", sampleEvent(2))).not.toBe(webhookId("sub_a", event));
  });

  it("survives a reorg that re-includes the record at another block and log index", () => {
    const event = sampleEvent(1);
    const reincluded = { ...event, blockNumber: event.blockNumber + 2, blockHash: "0x" + "cd".repeat(32), logIndex: 7 };
    expect(webhookId("sub_a", reincluded)).toBe(webhookId("sub_a", event));
  });
});

describe("webhookPayload", () => {
  it("carries the record, salt, subject key, issuer, tx hash, block and log index", () => {
    const entry = sampleEntry(sampleUpdate(1));
    const event = sampleEvent(1);
    const payload = webhookPayload(event, { record: entry.record, salt: entry.salt }, "2026-11-22T10:00:00.000Z");
    expect(payload).toMatchObject({
      type: "credit-record.confirmed",
      timestamp: "2026-11-22T10:00:00.000Z",
      data: {
        record: entry.record,
        salt: entry.salt,
        subjectKey: event.subjectKey,
        issuer: event.issuer,
        txHash: event.txHash,
        blockNumber: event.blockNumber,
        logIndex: event.logIndex,
        onChain: { recordHash: event.recordHash },
      },
    });
  });

  it("has null record and salt for another bank's record", () => {
    expect(webhookPayload(sampleEvent(1), null, "t").data).toMatchObject({ record: null, salt: null });
  });
});

describe("webhookSecret", () => {
  it("is whsec_ + base64 of 24–64 bytes", () => {
    expect(webhookSecret("0x" + "ab".repeat(32))).toBe("whsec_" + Buffer.alloc(32, 0xab).toString("base64"));
    expect(() => webhookSecret("0x" + "ab".repeat(8))).toThrow(RangeError);
  });
});

describe("webhook event registry", () => {
  it("turns each decoded chain event into its webhook event, or none (skipped records send nothing)", () => {
    const location = { txHash: "0x" + "AB".repeat(32), blockNumber: 7, blockHash: "0x" + "cd".repeat(32), logIndex: 2 };
    const keys = {
      subjectKey: "0x" + "11".repeat(32),
      issuer: "0x" + "b2".repeat(20),
      updateId: "0x" + "22".repeat(32),
    };
    const upserted = webhookEventOf({
      kind: "upserted",
      ...location,
      ...keys,
      score: 700,
      scoreModel: "0x" + "46".repeat(16),
      asOf: 1_700_000_000_000n,
      recordHash: "0x" + "33".repeat(32),
    });
    expect(upserted).toMatchObject({
      type: RECORD_CONFIRMED,
      asOf: "1700000000000",
      txHash: location.txHash.toLowerCase(),
    });
    expect(webhookEventOf({ kind: "skipped", ...location, ...keys, asOf: 1n, reason: 1 })).toBeNull();
  });

  it("reads an event stored before events carried a type as a record event, with identical webhook bytes", () => {
    const { type: _type, ...legacy } = sampleEvent(1);
    const stored = storedWebhookEvent(legacy);
    expect(stored.type).toBe(RECORD_CONFIRMED);
    const at = "2026-11-22T10:00:00.000Z";
    expect(JSON.stringify(webhookPayload(stored, null, at))).toBe(
      JSON.stringify(webhookPayload(sampleEvent(1), null, at)),
    );
  });
});
