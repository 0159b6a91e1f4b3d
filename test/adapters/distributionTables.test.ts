import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTableChainState } from "../../lib/adapters/tables/tableChainState.js";
import { openTableDeliveryStore, TableDeliveryStore } from "../../lib/adapters/tables/tableDeliveryStore.js";
import { openTableOutboxReader } from "../../lib/adapters/tables/tableOutboxReader.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { isAppError } from "../../lib/domain/appError.js";

import { testStack } from "../stack.js";
import { countedTable, RequestCounter } from "../support/countedTables.js";
import { sampleDelivery, sampleEvent } from "../support/distributionHarness.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const table = (name: string) => `${name}${randomBytes(5).toString("hex")}`;
const conn = () => testStack().storageConnectionString;

const delivery = sampleDelivery;

// The DeliveryStore contract (test/ports/deliveryStore.contract.ts) covers behaviour; these cover batching.
describe("TableDeliveryStore", () => {
  const attempt = (webhookId: string, n: number) => ({
    subscriptionId: "sub_1",
    webhookId,
    attempt: n,
    at: "t",
    outcome: "HTTP 500",
    status: 500,
    durationInMs: 3,
  });

  it("creates a page of deliveries in few transactions and, replayed with new ones, creates only the new ones", async () => {
    const counter = new RequestCounter();
    const store = new TableDeliveryStore(await countedTable(conn(), table("deliveries"), "deliveries", counter));
    const page = Array.from({ length: 250 }, (_, n) => delivery(n));
    counter.reset();
    expect(await store.addMany(page)).toHaveLength(250);
    // 16 partitions, each with at most 100 rows per transaction: 16 transactions, 17 if one holds more than 100.
    expect(counter.total()).toBeLessThanOrEqual(17);
    const replayed = [...page.slice(100), ...Array.from({ length: 5 }, (_, n) => delivery(300 + n))];
    expect((await store.addMany(replayed)).map((d) => d.webhookId)).toEqual(
      [300, 301, 302, 303, 304].map((n) => `msg_${n}`),
    );
    expect(await store.addMany(replayed)).toEqual([]);
    expect(await store.list("sub_1")).toHaveLength(255);
  });

  it("stores a delivery's state and its attempt row together, the latest state when given twice", async () => {
    const store = await openTableDeliveryStore(conn(), table("deliveries"));
    const many = Array.from({ length: 120 }, (_, n) => delivery(n, { status: "delivered", attempts: 1 }));
    await store.putMany(
      [...many, delivery(0, { status: "exhausted" })],
      many.map((d) => attempt(d.webhookId, 1)),
    );
    expect((await store.get("sub_1", "msg_0"))?.delivery.status).toBe("exhausted");
    expect((await store.list("sub_1")).filter((d) => d.status === "delivered")).toHaveLength(119);
    expect(await store.attempts("sub_1", "msg_99")).toEqual([attempt("msg_99", 1)]);
  });

  it("reads overdue and exhausted deliveries through their indexes, never the delivered history", async () => {
    const counter = new RequestCounter();
    const store = new TableDeliveryStore(await countedTable(conn(), table("deliveries"), "deliveries", counter));
    const history = Array.from({ length: 300 }, (_, n) => delivery(n, { status: "delivered" }));
    await store.putMany(
      history,
      history.map((d) => attempt(d.webhookId, 1)),
    );
    await store.addMany([delivery(1_000), delivery(1_001, { nextAttemptAt: "2026-11-23T00:00:00.000Z" })]);
    await store.putMany([delivery(1_002, { status: "exhausted" })]);
    counter.reset();
    const overdue = await store.overdue("sub_1", "2026-11-22T12:00:00.000Z", 100);
    expect(overdue.map((d) => d.webhookId)).toEqual(["msg_1000"]);
    expect(await store.exhausted("sub_1", 100)).toBe(1);
    // 16 index queries each, one index row and one delivery read for the overdue one, one index row exhausted.
    expect(counter.entities).toBe(3);
    expect(counter.total()).toBe(16 + 1 + 16);
  });

  it("moves a page of pending deliveries to their next state with their index rows in one transaction a partition", async () => {
    const counter = new RequestCounter();
    const store = new TableDeliveryStore(await countedTable(conn(), table("deliveries"), "deliveries", counter));
    const page = Array.from({ length: 64 }, (_, n) => delivery(n));
    await store.addMany(page);
    counter.reset();
    const next = page.map((d, n) => ({ ...d, status: n % 2 === 0 ? ("delivered" as const) : ("exhausted" as const) }));
    await store.putMany(
      next,
      next.map((d) => attempt(d.webhookId, 1)),
    );
    expect(counter.total()).toBe(16);
    expect(await store.exhausted("sub_1", 100)).toBe(32);
    expect(await store.overdue("sub_1", "2030-01-01T00:00:00.000Z", 100)).toEqual([]);
  });
});

describe("TableChainState", () => {
  it("guards checkpoints with versions and keeps the newest event per subject and issuer", async () => {
    const state = await openTableChainState(conn(), table("chain"));
    expect(await state.get("watch-0xabc")).toEqual({ nextBlock: null, version: null });
    await state.set("watch-0xabc", { nextBlock: 10 }, null);
    const { nextBlock, version } = await state.get("watch-0xabc");
    expect(nextBlock).toBe(10);
    await state.set("watch-0xabc", { nextBlock: 20, blockHash: "0x" + "ab".repeat(32) }, version);
    expect(await state.get("watch-0xabc")).toMatchObject({ nextBlock: 20, blockHash: "0x" + "ab".repeat(32) });
    const stale = () => state.set("watch-0xabc", { nextBlock: 30 }, version).catch((e: unknown) => e);
    expect(isAppError(await stale(), "CONFLICT")).toBe(true);
    const created = () => state.set("watch-0xabc", { nextBlock: 30 }, null).catch((e: unknown) => e);
    expect(isAppError(await created(), "CONFLICT")).toBe(true);
    const older = sampleEvent(1);
    const newer = { ...older, blockNumber: older.blockNumber + 5, recordHash: "0x" + "ee".repeat(32) };
    await state.putRange({ fromBlock: newer.blockNumber, toBlock: newer.blockNumber }, [newer]);
    await state.putRange({ fromBlock: older.blockNumber, toBlock: older.blockNumber }, [older]);
    expect(await state.latest(older.subjectKey, older.issuer.toUpperCase().replace("0X", "0x"))).toEqual(newer);
  });

  it("indexes a page of events, the newest per subject, and keeps newer ones when an older range is replayed", async () => {
    const state = await openTableChainState(conn(), table("chain"));
    const events = Array.from({ length: 150 }, (_, n) => sampleEvent(n));
    const range = { fromBlock: 10, toBlock: 10 + 15 };
    const again = { ...events[3]!, blockNumber: 30, logIndex: 0, recordHash: "0x" + "ab".repeat(32) };
    await state.putRange(range, events);
    await state.putRange({ fromBlock: 30, toBlock: 30 }, [again]);
    // A replay from an older checkpoint: the stored newer event stays.
    await state.putRange(range, events);
    expect(await state.latest(again.subjectKey, again.issuer)).toEqual(again);
    expect(await state.latest(events[149]!.subjectKey, events[149]!.issuer)).toEqual(events[149]);
    const twice = { ...events[5]!, blockNumber: 31, recordHash: "0x" + "cd".repeat(32) };
    await state.putRange({ fromBlock: 31, toBlock: 31 }, [
      twice,
      { ...twice, logIndex: 9, recordHash: "0x" + "ef".repeat(32) },
    ]);
    expect((await state.latest(twice.subjectKey, twice.issuer))?.logIndex).toBe(9);
  });
});

describe("TableOutboxReader", () => {
  it("reads outbox entries by on-chain update id and lists the unfinished ones once, skipping the pending copies", async () => {
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
    const open = await reader.unfinished(10);
    expect(open.map((e) => [e.updateId, e.status]).sort()).toEqual([
      [entries[0]!.updateId, "accepted"],
      [entries[1]!.updateId, "submitted"],
    ]);
  });
});
