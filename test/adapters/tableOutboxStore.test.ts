import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { openTableOutboxStore, type TableOutboxStore } from "../../lib/adapters/tableOutboxStore.js";
import { testStack } from "../stack.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

describe("TableOutboxStore", () => {
  let outbox: TableOutboxStore;

  beforeEach(async () => {
    outbox = await openTableOutboxStore(testStack().storageConnectionString, `outbox${randomBytes(6).toString("hex")}`);
  });

  it("stores an entry once; a second add returns the stored one unchanged", async () => {
    const entry = sampleEntry(sampleUpdate(1));
    expect(await outbox.add(entry)).toEqual({ created: true, entry });
    const replay = { ...entry, salt: "0x" + "00".repeat(32) };
    expect(await outbox.add(replay)).toEqual({ created: false, entry });
    expect(await outbox.get(entry.updateId)).toEqual(entry);
    expect(await outbox.pending(10)).toEqual([entry]);
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

  it("records final outcomes and requeues dropped entries", async () => {
    const [a, b] = [sampleEntry(sampleUpdate(1)), sampleEntry(sampleUpdate(2))];
    await outbox.add(a);
    await outbox.add(b);
    await outbox.markSubmitted([a, b], { txHash: "0x01", nonce: 0, at: "2026-11-22T10:00:01.000Z" });
    await outbox.markFinal([
      { updateId: a.updateId, status: "confirmed", at: "2026-11-22T10:00:03.000Z", blockNumber: 9 },
    ]);
    await outbox.requeue([b.updateId], "2026-11-22T10:00:04.000Z");
    expect(await outbox.get(a.updateId)).toMatchObject({
      status: "confirmed",
      blockNumber: 9,
      finalAt: "2026-11-22T10:00:03.000Z",
    });
    expect(await outbox.pending(10)).toEqual([
      expect.objectContaining({ updateId: b.updateId, status: "accepted", requeues: 1 }),
    ]);
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

  it("returns null for an unknown update", async () => {
    expect(await outbox.get("never-sent")).toBeNull();
  });
});
