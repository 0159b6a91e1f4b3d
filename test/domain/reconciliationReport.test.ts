import { describe, expect, it } from "vitest";
import {
  confirmedOnChain,
  countFindings,
  FINDING_KINDS,
  missingDeliveries,
  staleAccepted,
  staleSubmitted,
} from "../../lib/domain/reconciliationReport.js";
import { webhookId } from "../../lib/domain/webhook.js";
import { OWN_ADDRESS, sampleEvent } from "../support/distributionHarness.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const other = "0x" + "bb".repeat(20);

describe("missingDeliveries", () => {
  const subscriptions = [
    { id: "self", filter: "self" as const, createdAt: "t" },
    { id: "others", filter: "others" as const, createdAt: "t" },
    { id: "list", filter: [other], createdAt: "t" },
  ];
  const events = [sampleEvent(1), sampleEvent(2, other)];

  it("lists every matching (subscription, event) pair without a delivery", () => {
    const missing = missingDeliveries({ events, subscriptions, ownAddress: OWN_ADDRESS }, () => false);
    expect(missing.map((m) => [m.subscriptionId, m.event.issuer])).toEqual([
      ["self", OWN_ADDRESS],
      ["others", other],
      ["list", other],
    ]);
    expect(missing[0]?.webhookId).toBe(webhookId("self", events[0]!));
  });

  it("lists nothing when every delivery exists", () => {
    expect(missingDeliveries({ events, subscriptions, ownAddress: OWN_ADDRESS }, () => true)).toEqual([]);
  });
});

describe("outbox diffs", () => {
  const now = new Date("2026-11-22T10:00:00.000Z");
  const thresholds = { acceptedOlderThanInMs: 60_000, submittedOlderThanInMs: 60_000 };
  const old = sampleEntry(sampleUpdate(1), "2026-11-22T09:00:00.000Z");
  const fresh = sampleEntry(sampleUpdate(2), "2026-11-22T09:59:30.000Z");

  it.each([
    ["an old accepted entry is stale", [old], 1],
    ["a fresh one is not", [fresh], 0],
    ["a submitted one is not accepted", [{ ...old, status: "submitted" as const }], 0],
  ])("%s", (_name, entries, count) => {
    expect(staleAccepted(entries, now, thresholds)).toHaveLength(count);
  });

  it("finds submissions older than the threshold by their submission time", () => {
    const submitted = { ...old, status: "submitted" as const, submittedAt: "2026-11-22T09:59:30.000Z" };
    expect(staleSubmitted([submitted], now, thresholds)).toHaveLength(0);
    expect(staleSubmitted([{ ...submitted, submittedAt: old.acceptedAt }], now, thresholds)).toHaveLength(1);
  });

  it.each([
    [
      "the same commitment",
      (e: typeof old) => ({ recordHash: e.input.recordHash.toUpperCase().replace("0X", "0x"), asOf: e.input.asOf }),
      true,
    ],
    ["a newer record", (e: typeof old) => ({ recordHash: "0x01", asOf: e.input.asOf + 1n }), true],
    ["another commitment at the same time", (e: typeof old) => ({ recordHash: "0x01", asOf: e.input.asOf }), false],
    ["nothing", () => null, false],
  ])("a confirmed entry with %s on chain → %s", (_name, onChain, expected) => {
    expect(confirmedOnChain(old, onChain(old))).toBe(expected);
  });
});

describe("countFindings", () => {
  it("counts every kind, zero when absent", () => {
    const counts = countFindings([{ kind: "nonce-gap", severity: "warning", repaired: true }]);
    expect(Object.keys(counts).sort()).toEqual([...FINDING_KINDS].sort());
    expect(counts["nonce-gap"]).toBe(1);
    expect(counts["foreign-write"]).toBe(0);
  });
});
