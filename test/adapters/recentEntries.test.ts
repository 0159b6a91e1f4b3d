import { randomBytes } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { ERASURE_MARK_TTL_MS } from "../../lib/adapters/tables/erasureMark.js";
import { RecentEntries } from "../../lib/adapters/tables/recentEntries.js";
import { TableOutboxReader } from "../../lib/adapters/tables/tableOutboxReader.js";
import { TableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { TableSubjectOutbox } from "../../lib/adapters/tables/tableSubjectOutbox.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import { testStack } from "../stack.js";
import { countedTable, RequestCounter } from "../support/countedTables.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

describe("RecentEntries", () => {
  it("recalls by update id hash in any case, with or without 0x, and forgets the oldest beyond its capacity", () => {
    const recent = new RecentEntries<string>(2 * 2 * (2 + 3)); // two entries of a 2-character key and "a"
    recent.remember("0xAA", "a");
    recent.remember("bb", "b");
    expect(recent.recall("aa")).toBe("a");
    recent.remember("0xaa", "A"); // refreshed: now the newest
    recent.remember("cc", "c");
    expect([recent.recall("0xaa"), recent.recall("0xBB"), recent.recall("cc")]).toEqual(["A", undefined, "c"]);
  });

  it("is bounded in bytes: entries ten times the usual size are forgotten sooner, never held past the bound", () => {
    const capacityInBytes = 300_000;
    const recent = new RecentEntries<{ blob: string }>(capacityInBytes);
    const hashes = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(64, "0"));
    for (const hash of hashes) recent.remember(hash, { blob: "x".repeat(15_000) });
    expect(recent.sizeInBytes).toBeLessThanOrEqual(capacityInBytes);
    const kept = hashes.filter((hash) => recent.recall(hash) !== undefined);
    expect(kept.length).toBe(9); // 30 KB each as UTF-16
    expect(kept).toEqual(hashes.slice(-9));
    recent.remember("ff", { blob: "x".repeat(capacityInBytes) }); // larger than the whole bound: never kept
    expect(recent.recall("ff")).toBeUndefined();
    recent.clear();
    expect([recent.sizeInBytes, recent.recall(hashes.at(-1)!)]).toEqual([0, undefined]);
  });
});

describe("the outbox reader with the store's recent entries", () => {
  it("answers entries this process just stored without a storage request, and others from storage", async () => {
    const counter = new RequestCounter();
    const name = `outbox${randomBytes(6).toString("hex")}`;
    const connection = testStack().storageConnectionString;
    const recent = new RecentEntries<OutboxEntry>(1_000_000);
    const store = new TableOutboxStore(
      await countedTable(connection, name, "store", counter),
      await countedTable(connection, `${name}pending`, "pending", counter),
      recent,
    );
    const reader = new TableOutboxReader(await countedTable(connection, name, "reader", counter), recent);
    const [first, mine, other] = [1, 2, 3].map((n) => sampleEntry(sampleUpdate(n))) as [
      OutboxEntry,
      OutboxEntry,
      OutboxEntry,
    ];
    await new TableOutboxStore(
      await countedTable(connection, name, "elsewhere", counter),
      await countedTable(connection, `${name}pending`, "elsewhere", counter),
    ).addMany([other]);
    counter.reset();
    expect(await reader.byUpdateIdHash(other.updateIdHash)).toMatchObject({
      updateId: other.updateId,
      salt: other.salt,
    });
    expect(counter.total("reader")).toBe(1);
    // The first answer from memory reads the erasure mark; having seen none before, the process starts afresh.
    await store.addMany([first]);
    counter.reset();
    expect(await reader.byUpdateIdHash(first.updateIdHash)).toEqual(first);
    expect(counter.total("reader")).toBe(2);
    await store.addMany([mine]);
    counter.reset();
    expect(await reader.byUpdateIdHash(mine.updateIdHash.toUpperCase().replace("0X", "0x"))).toEqual(mine);
    expect(counter.total("reader")).toBe(0); // within ERASURE_MARK_TTL_MS of the mark's last read
  });

  it("never answers a record another process erased once the erasure has returned", async () => {
    const name = `outbox${randomBytes(6).toString("hex")}`;
    const connection = testStack().storageConnectionString;
    const table = (suffix = "") => TableClient.fromConnectionString(connection, `${name}${suffix}`, insecure);
    await Promise.all([table().createTable(), table("pending").createTable()]);
    const hostB = new RecentEntries<OutboxEntry>(1_000_000);
    const readerB = new TableOutboxReader(table(), hostB);
    const [erased, kept] = [sampleEntry(sampleUpdate(1)), sampleEntry(sampleUpdate(2))];
    await new TableOutboxStore(table(), table("pending"), hostB).addMany([erased, kept]);
    expect(await readerB.byUpdateIdHash(erased.updateIdHash)).toMatchObject({ salt: erased.salt });

    const hostA = new TableSubjectOutbox(table(), new RecentEntries<OutboxEntry>(1_000_000));
    const started = performance.now();
    expect(await hostA.erase([erased], new Date().toISOString())).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(ERASURE_MARK_TTL_MS - 1);

    expect(await readerB.byUpdateIdHash(erased.updateIdHash)).toMatchObject({ record: null, salt: null });
    expect(await readerB.byUpdateIdHash(kept.updateIdHash)).toMatchObject({ salt: kept.salt });
  });
});

const insecure = { allowInsecureConnection: true };
