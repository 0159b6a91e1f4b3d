import { describe, expect, it } from "vitest";
import { webhookId, webhookPayload, webhookSecret } from "../../lib/domain/webhook.js";
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
