import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTableChainState } from "../../lib/adapters/tableChainState.js";
import { openTableDeliveryStore } from "../../lib/adapters/tableDeliveryStore.js";
import { openTableOutboxReader } from "../../lib/adapters/tableOutboxReader.js";
import { openTableOutboxStore } from "../../lib/adapters/tableOutboxStore.js";
import { openTableReportStore } from "../../lib/adapters/tableReportStore.js";
import { openTableSubscriptionStore } from "../../lib/adapters/tableSubscriptionStore.js";
import { isAppError } from "../../lib/domain/appError.js";
import { countFindings } from "../../lib/domain/reconciliationReport.js";
import type { Delivery, Subscription } from "../../lib/distributionPorts.js";
import { testStack } from "../stack.js";
import { sampleEvent } from "../support/distributionHarness.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const table = (name: string) => `${name}${randomBytes(5).toString("hex")}`;
const conn = () => testStack().storageConnectionString;

const subscription: Subscription = {
  id: "sub_1",
  url: "https://partner.example/hooks",
  filter: ["0x" + "bb".repeat(20)],
  state: "active",
  secrets: [{ version: "v1" }],
  createdAt: "2026-11-22T10:00:00.000Z",
  updatedAt: "2026-11-22T10:00:00.000Z",
};

const delivery = (n: number, overrides: Partial<Delivery> = {}): Delivery => ({
  subscriptionId: "sub_1",
  webhookId: `msg_${n}`,
  event: sampleEvent(n),
  status: "pending",
  createdAt: "2026-11-22T10:00:00.000Z",
  updatedAt: "2026-11-22T10:00:00.000Z",
  attempts: 0,
  retryIndex: 0,
  nextAttemptAt: `2026-11-22T10:00:0${n}.000Z`,
  jobToken: "t",
  ...overrides,
});

describe("TableSubscriptionStore", () => {
  it("creates once, reads, lists, replaces and deletes", async () => {
    const store = await openTableSubscriptionStore(conn(), table("subs"));
    await store.create(subscription);
    expect(isAppError(await store.create(subscription).catch((e: unknown) => e), "CONFLICT")).toBe(true);
    expect(await store.get("sub_1")).toEqual(subscription);
    await store.put({ ...subscription, state: "disabled", disabledReason: "410" });
    expect(await store.list()).toEqual([{ ...subscription, state: "disabled", disabledReason: "410" }]);
    expect(await store.delete("sub_1")).toBe(true);
    expect(await store.delete("sub_1")).toBe(false);
    expect(await store.get("sub_1")).toBeNull();
  });
});

describe("TableDeliveryStore", () => {
  it("adds a delivery once, lists it, finds overdue pending ones oldest first, and logs attempts", async () => {
    const store = await openTableDeliveryStore(conn(), table("deliveries"));
    expect(await store.add(delivery(2))).toBe(true);
    expect(await store.add(delivery(2, { attempts: 9 }))).toBe(false);
    await store.add(delivery(1));
    await store.put(delivery(3, { status: "delivered" }));
    expect(await store.get("sub_1", "msg_2")).toEqual(delivery(2));
    expect((await store.list("sub_1")).map((d) => d.webhookId).sort()).toEqual(["msg_1", "msg_2", "msg_3"]);
    const overdue = await store.overdue("2026-11-22T10:00:05.000Z", 10);
    expect(overdue.map((d) => d.webhookId)).toEqual(["msg_1", "msg_2"]);
    for (const attempt of [1, 2]) {
      await store.logAttempt({
        subscriptionId: "sub_1",
        webhookId: "msg_2",
        attempt,
        at: "t",
        outcome: "HTTP 500",
        status: 500,
        durationInMs: 3,
      });
    }
    expect((await store.attempts("sub_1", "msg_2")).map((a) => a.attempt)).toEqual([1, 2]);
    const claims = await Promise.all([store.claim(delivery(1)), store.claim(delivery(1))]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await store.claim(delivery(1))).toBe(false);
    expect(await store.attempts("sub_1", "msg_1")).toEqual([]);
  });
});

describe("TableChainState", () => {
  it("guards checkpoints with versions and keeps the newest event per subject and issuer", async () => {
    const state = await openTableChainState(conn(), table("chain"));
    expect(await state.get("watch-0xabc")).toEqual({ nextBlock: null, version: null });
    await state.set("watch-0xabc", 10, null);
    const { nextBlock, version } = await state.get("watch-0xabc");
    expect(nextBlock).toBe(10);
    await state.set("watch-0xabc", 20, version);
    expect(isAppError(await state.set("watch-0xabc", 30, version).catch((e: unknown) => e), "CONFLICT")).toBe(true);
    expect(isAppError(await state.set("watch-0xabc", 30, null).catch((e: unknown) => e), "CONFLICT")).toBe(true);
    const older = sampleEvent(1);
    const newer = { ...older, blockNumber: older.blockNumber + 5, recordHash: "0x" + "ee".repeat(32) };
    await state.put(newer);
    await state.put(older);
    expect(await state.latest(older.subjectKey, older.issuer.toUpperCase().replace("0X", "0x"))).toEqual(newer);
  });
});

describe("TableReportStore", () => {
  it("returns the latest report and prunes old ones", async () => {
    const store = await openTableReportStore(conn(), table("reports"));
    const report = (id: string, startedAt: string) => ({
      id,
      startedAt,
      finishedAt: startedAt,
      blocks: null,
      counts: countFindings([]),
      findings: [],
    });
    await store.save(report("a", "2026-11-01T00:00:00.000Z"));
    await store.save(report("b", "2026-11-22T00:00:00.000Z"));
    expect((await store.latest())?.id).toBe("b");
    expect(await store.prune("2026-11-10T00:00:00.000Z")).toBe(1);
    expect((await store.latest())?.id).toBe("b");
  });
});

describe("TableOutboxReader", () => {
  it("reads outbox entries by on-chain update id and scans by status, skipping the pending copies", async () => {
    const name = table("outbox");
    const outbox = await openTableOutboxStore(conn(), name);
    const reader = await openTableOutboxReader(conn(), name);
    const entries = [1, 2].map((n) => sampleEntry(sampleUpdate(n)));
    for (const e of entries) await outbox.add(e);
    await outbox.markSubmitted([entries[1]!], {
      txHash: "0x" + "ab".repeat(32),
      nonce: 0,
      at: "2026-11-22T10:00:01.000Z",
    });
    expect(await reader.byUpdateIdHash(entries[0]!.updateIdHash)).toEqual(entries[0]);
    expect(await reader.byUpdateIdHash("0x" + "00".repeat(32))).toBeNull();
    expect((await reader.scan(["accepted"], 10)).map((e) => e.updateId)).toEqual([entries[0]!.updateId]);
    expect(await reader.scan(["accepted", "submitted"], 10)).toHaveLength(2);
  });
});
