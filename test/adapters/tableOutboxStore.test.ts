import { randomBytes } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { beforeEach, describe, expect, it } from "vitest";
import { openTableOutboxReader } from "../../lib/adapters/tables/tableOutboxReader.js";
import { openTableOutboxStore, type TableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { isAppError, type AppError } from "../../lib/domain/appError.js";
import { canonicalJson } from "../../lib/domain/commitment.js";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { tombstoneEntry } from "../../lib/domain/erasure.js";
import { governanceEntry } from "../../lib/domain/governance.js";
import { testStack } from "../stack.js";
import type { UpdateEntry } from "../../lib/ports/outbox.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

describe("TableOutboxStore (what the OutboxStore contract in test/ports does not cover: batching, rows, limits)", () => {
  let outbox: TableOutboxStore;

  beforeEach(async () => {
    outbox = await openTableOutboxStore(testStack().storageConnectionString, `outbox${randomBytes(6).toString("hex")}`);
  });

  it("stores a batch across partitions at once; existing and repeated ids come back as stored, in input order", async () => {
    const existing = sampleEntry(sampleUpdate(7));
    await outbox.add(existing);
    const fresh = Array.from({ length: 250 }, (_, n) => sampleEntry(sampleUpdate(100 + n)));
    const replay = { ...existing, salt: "0x" + "00".repeat(32) };
    const repeated = { ...fresh[3]!, salt: "0x" + "11".repeat(32) };
    const results = await outbox.addMany([...fresh.slice(0, 5), replay, repeated, ...fresh.slice(5)]);
    expect(results).toHaveLength(252);
    expect(results[5]).toEqual({ created: false, entry: existing });
    expect(results[6]).toEqual({ created: false, entry: fresh[3] });
    expect(results.filter((r) => r.created).map((r) => r.entry)).toEqual(fresh);
    expect(await outbox.get(fresh[200]!.updateId)).toEqual(fresh[200]);
    expect(await outbox.pending(1000)).toHaveLength(251);
  });

  it("lists pending entries oldest first, up to the limit, with bigints intact", async () => {
    const entries = [3, 1, 2].map((n) => sampleEntry(sampleUpdate(n), `2026-11-22T10:00:0${n}.000Z`));
    for (const entry of entries) await outbox.add(entry);
    const pending = await outbox.pending(2);
    expect(pending.map((e) => e.updateId)).toEqual(["bank-a/test/1", "bank-a/test/2"]);
    expect(typeof pending[0]?.input.asOf).toBe("bigint");
  });

  it("marks entries submitted and takes them off the pending list, idempotently", async () => {
    const entries = Array.from({ length: 130 }, (_, n) => sampleEntry(sampleUpdate(n)));
    await Promise.all(entries.map((e) => outbox.add(e)));
    const tx = { txHash: "0x" + "ab".repeat(32), nonce: 4, at: "2026-11-22T10:00:05.000Z" };
    await outbox.markSubmitted(entries.slice(0, 120), tx);
    await outbox.markSubmitted(entries.slice(0, 120), tx);
    expect(await outbox.pending(1000)).toHaveLength(10);
    expect(await outbox.get(entries[0]?.updateId ?? "")).toMatchObject({
      status: "submitted",
      nonce: 4,
      txHash: tx.txHash,
    });
  });

  it("records the final outcomes of the entries that exist when one row was deleted by hand", async () => {
    const [a, b] = [sampleEntry(sampleUpdate(1)), sampleEntry(sampleUpdate(17))];
    await outbox.add(a);
    const at = "2026-11-22T10:00:03.000Z";
    await outbox.markFinal([
      { updateId: a.updateId, status: "confirmed", at },
      { updateId: b.updateId, status: "confirmed", at },
    ]);
    expect(await outbox.get(a.updateId)).toMatchObject({ status: "confirmed", finalAt: at });
    expect(await outbox.get(b.updateId)).toBeNull();
  });
});

describe("TableOutboxStore rows", () => {
  let outbox: TableOutboxStore;
  let tableName: string;

  beforeEach(async () => {
    tableName = `outbox${randomBytes(6).toString("hex")}`;
    outbox = await openTableOutboxStore(testStack().storageConnectionString, tableName);
  });

  it("reads back exactly what was stored, whatever its strings look like (no type guessed from '36n')", async () => {
    const update = sampleUpdate(5, {
      updateId: "36n",
      scoreModel: "12n",
      reasonCodes: ["7n", "0n"],
      attributes: { note: "99n", count: 36, huge: Number.MAX_SAFE_INTEGER, unicode: "Åsa 🧾 \u202e", flag: false },
    });
    const entry = sampleEntry(update);
    await outbox.add(entry);
    expect(await outbox.get("36n")).toEqual(entry);
    expect(await outbox.pending(5)).toEqual([entry]);
    const reader = await openTableOutboxReader(testStack().storageConnectionString, tableName);
    expect(await reader.byUpdateIdHash(entry.updateIdHash)).toEqual(entry);
    expect(canonicalJson((await outbox.get("36n"))?.record)).toBe(canonicalJson(update));
  });

  it("the reader sees the state the store wrote (status, transaction), not the entry as first stored", async () => {
    const entry = sampleEntry(sampleUpdate(8));
    await outbox.add(entry);
    await outbox.markSubmitted([entry], { txHash: "0x" + "cd".repeat(32), nonce: 9, at: "2026-11-22T10:00:09.000Z" });
    const reader = await openTableOutboxReader(testStack().storageConnectionString, tableName);
    expect(await reader.byUpdateIdHash(entry.updateIdHash)).toMatchObject({ status: "submitted", nonce: 9 });
    const open = (await reader.unfinished(1000)).filter((e) => e.updateId === entry.updateId);
    expect(open).toMatchObject([{ updateId: entry.updateId, status: "submitted", nonce: 9 }]);
  });

  it("stores the largest update the schema accepts, and many of them in one call", async () => {
    const entries = Array.from({ length: 120 }, (_, n) => sampleEntry(largestUpdate(n)));
    const results = await outbox.addMany(entries);
    expect(results.every((r) => r.created)).toBe(true);
    expect(await outbox.get(entries[7]!.updateId)).toEqual(entries[7]);
  });

  it("adds many entries of one partition in one call, each whole in a transaction of at most 100 rows", async () => {
    const entries = samePartition(70);
    const results = await outbox.addMany(entries);
    expect(results.every((r) => r.created)).toBe(true);
    const keys = await rowKeys(tableName);
    for (const entry of entries) {
      const hex = entry.updateIdHash.slice(2);
      expect(keys).toContain(hex);
      expect(keys).toContain(`open~${hex}`);
      expect(keys).toContain(`subj~${entry.input.subjectKey.toLowerCase()}~${hex}`);
    }
  });

  it("writes a key-only subject-index row per entry of a subject (update, tombstone), none for governance", async () => {
    const update = sampleEntry(sampleUpdate(11));
    const tombstone = tombstoneEntry(update.input.subjectKey.toUpperCase().replace("0X", "0x"), "2026-11-22T10:01:00Z");
    const governance = governanceEntry({ type: "approve", proposalId: 1 }, "2026-11-22T10:02:00.000Z", "0x02");
    await outbox.addMany([update, tombstone, governance]);
    const rows = (await allRows(tableName)).filter((row) => row.rowKey.startsWith("subj~"));
    const subject = update.input.subjectKey.toLowerCase();
    expect(rows.map((row) => row.rowKey).sort()).toEqual(
      [update, tombstone].map((e) => `subj~${subject}~${e.updateIdHash.slice(2)}`).sort(),
    );
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(["etag", "partitionKey", "rowKey", "timestamp"]);
  });

  it("retention deletes an entry's subject-index row with it, and an entry stored without one as well", async () => {
    const entries = [21, 22, 23].map((n) => sampleEntry(sampleUpdate(n)));
    await outbox.addMany(entries);
    const legacy = entries[1]!;
    const hex = legacy.updateIdHash.slice(2);
    await rawTable(tableName).deleteEntity(hex[0]!, `subj~${legacy.input.subjectKey.toLowerCase()}~${hex}`);
    await outbox.markFinal(
      entries.map((e) => ({ updateId: e.updateId, status: "confirmed", at: "2026-01-01T00:00:00.000Z" })),
    );
    expect(await outbox.prune("2026-06-01T00:00:00.000Z", 2)).toBe(2);
    expect(await outbox.prune("2026-06-01T00:00:00.000Z", 2)).toBe(1);
    const keys = (await rowKeys(tableName)).join("\n");
    for (const entry of entries) expect(keys).not.toContain(entry.updateIdHash.slice(2));
  });

  it("refuses, as Azure would, an entity over 1 MiB with a final TOO_LARGE, storing nothing", async () => {
    const update = sampleUpdate(9, { attributes: { blob: "x".repeat(1_100_000) } });
    const error = await outbox.add(sampleEntry(update)).catch((e: unknown) => e);
    expect(isAppError(error, "TOO_LARGE")).toBe(true);
    expect((error as AppError).retryable).toBe(false);
    expect(await outbox.get(update.updateId)).toBeNull();
  });
});

/** `count` entries whose rows share one partition (their update id hashes start with the same hex digit). */
function samePartition(count: number): UpdateEntry[] {
  const entries: UpdateEntry[] = [];
  for (let n = 1_000; entries.length < count; n++) {
    const entry = sampleEntry(sampleUpdate(n));
    if (entry.updateIdHash.startsWith("0x0")) entries.push(entry);
  }
  return entries;
}

/** The outbox table `name`, read and written by hand. */
function rawTable(name: string): TableClient {
  const options = { allowInsecureConnection: true };
  return TableClient.fromConnectionString(testStack().storageConnectionString, name, options);
}

/** Every row of the outbox table `name`. */
async function allRows(name: string): Promise<({ partitionKey: string; rowKey: string } & Record<string, unknown>)[]> {
  const rows = [];
  for await (const row of rawTable(name).listEntities())
    rows.push({ ...row, partitionKey: row.partitionKey!, rowKey: row.rowKey! });
  return rows;
}

/** The row keys of the outbox table `name`. */
async function rowKeys(name: string): Promise<string[]> {
  return (await allRows(name)).map((row) => row.rowKey);
}

/** An update at every maximum of the published schema (longest ids, most reason codes and attributes). */
function largestUpdate(n: number): CreditUpdate {
  const attributes = Object.fromEntries(
    Array.from({ length: 32 }, (_, i) => [`a${String(i).padStart(2, "0")}${"x".repeat(61)}`, '"\\🧾'.repeat(64)]),
  );
  return sampleUpdate(n, {
    updateId: `${String(n).padStart(4, "0")}${"u".repeat(124)}`,
    scoreModel: "M".repeat(16),
    reasonCodes: Array.from({ length: 16 }, (_, i) => `${String(i).padStart(2, "0")}${"R".repeat(30)}`),
    attributes,
  });
}
