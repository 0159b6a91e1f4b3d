// The OutboxStore's behaviour, written once and run against every implementation (the in-memory fake and the Table
// adapter on Azurite), so that a fake can never be more forgiving or more correct than the adapter it stands for.
import { beforeEach, describe, expect, it } from "vitest";
import type { OutboxEntry, OutboxStore } from "../../lib/ports/outbox.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const TX = { txHash: "0x" + "ab".repeat(32), nonce: 4, at: "2026-11-22T10:00:05.000Z" };
const entryAt = (n: number, acceptedAt = "2026-11-22T10:00:00.000Z") => sampleEntry(sampleUpdate(n), acceptedAt);
const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.updateId);

/** Runs the OutboxStore contract against `make` (a fresh, empty store per test). */
export function describeOutboxStore(name: string, make: () => Promise<OutboxStore>): void {
  describe(`OutboxStore contract: ${name}`, () => {
    let outbox: OutboxStore;
    beforeEach(async () => {
      outbox = await make();
    });

    it("stores an entry once and lists it; a second add returns the stored entry unchanged", async () => {
      const entry = entryAt(1);
      expect(await outbox.add(entry)).toEqual({ created: true, entry });
      expect(await outbox.add({ ...entry, salt: "0x" + "00".repeat(32) })).toEqual({ created: false, entry });
      expect(await outbox.get(entry.updateId)).toEqual(entry);
      expect(await outbox.pending(10)).toEqual([entry]);
      expect(await outbox.get("no-such-update")).toBeNull();
    });

    it("adds many in input order; an id repeated within the call or already stored comes back as stored", async () => {
      const stored = entryAt(1);
      await outbox.add(stored);
      const fresh = entryAt(2);
      const results = await outbox.addMany([
        fresh,
        { ...stored, salt: "0x" + "01".repeat(32) },
        { ...fresh, salt: "0x" + "02".repeat(32) },
      ]);
      expect(results).toEqual([
        { created: true, entry: fresh },
        { created: false, entry: stored },
        { created: false, entry: fresh },
      ]);
    });

    it("lists pending entries oldest first by acceptance, up to the limit", async () => {
      for (const n of [3, 1, 2]) await outbox.add(entryAt(n, `2026-11-22T10:00:0${n}.000Z`));
      expect(ids(await outbox.pending(2))).toEqual(["bank-a/test/1", "bank-a/test/2"]);
    });

    it("marks entries submitted (state merged, off the pending list), idempotently", async () => {
      const [a, b] = [entryAt(1), entryAt(2)];
      await outbox.addMany([a!, b!]);
      await outbox.markSubmitted([a!], TX);
      await outbox.markSubmitted([a!], TX);
      expect(await outbox.get(a!.updateId)).toEqual({
        ...a,
        status: "submitted",
        txHash: TX.txHash,
        nonce: 4,
        submittedAt: TX.at,
      });
      expect(ids(await outbox.pending(10))).toEqual([b!.updateId]);
    });

    it("records final outcomes with their reason, transaction and block", async () => {
      const entry = entryAt(1);
      await outbox.add(entry);
      await outbox.markSubmitted([entry], TX);
      const at = "2026-11-22T10:00:09.000Z";
      await outbox.markFinal([
        { updateId: entry.updateId, status: "superseded", reason: "older", txHash: TX.txHash, blockNumber: 7, at },
      ]);
      expect(await outbox.get(entry.updateId)).toMatchObject({
        status: "superseded",
        reason: "older",
        blockNumber: 7,
        finalAt: at,
      });
      await outbox.markFinal([{ updateId: "no-such-update", status: "failed", at }]);
      expect(await outbox.get("no-such-update")).toBeNull();
    });

    it("unlists entries without changing them, idempotently", async () => {
      const entry = entryAt(1);
      await outbox.add(entry);
      await outbox.unlist([entry]);
      await outbox.unlist([entry]);
      expect(await outbox.pending(10)).toEqual([]);
      expect(await outbox.get(entry.updateId)).toEqual(entry);
    });

    it("re-lists an entry only while its row says accepted, and says whether it did", async () => {
      const [accepted, submitted] = [entryAt(1), entryAt(2)];
      await outbox.addMany([accepted!, submitted!]);
      await outbox.unlist([accepted!]);
      await outbox.markSubmitted([submitted!], TX);
      expect(await outbox.ensurePending(accepted!)).toBe(true);
      expect(await outbox.ensurePending(submitted!)).toBe(false);
      expect(await outbox.ensurePending(entryAt(3))).toBe(false);
      expect(ids(await outbox.pending(10))).toEqual([accepted!.updateId]);
    });

    it("never returns a re-listing whose update moved on after it was listed (it raced the submitter)", async () => {
      const entry = entryAt(1);
      await outbox.add(entry);
      await outbox.unlist([entry]);
      expect(await outbox.ensurePending(entry)).toBe(true);
      // The submitter, or a final outcome, moved the row on without this listing being removed.
      await outbox.markFinal([{ updateId: entry.updateId, status: "failed", reason: "test", at: TX.at }]);
      expect(await outbox.pending(10)).toEqual([]);
      expect(await outbox.pending(10)).toEqual([]);
    });

    it("requeues entries as accepted with a count, lists them again, and skips unknown ids", async () => {
      const entry = entryAt(1);
      await outbox.add(entry);
      await outbox.markSubmitted([entry], TX);
      const at = "2026-11-22T10:01:00.000Z";
      await outbox.requeue([entry.updateId, "no-such-update"], at);
      const requeued = {
        ...entry,
        status: "accepted",
        acceptedAt: at,
        requeues: 1,
        txHash: TX.txHash,
        nonce: 4,
        submittedAt: TX.at,
      };
      expect(await outbox.get(entry.updateId)).toEqual(requeued);
      expect(ids(await outbox.pending(10))).toEqual([entry.updateId]);
      expect(await outbox.get("no-such-update")).toBeNull();
    });

    it("prunes entries whose final outcome is older than the time, at most the limit a call, never one not final", async () => {
      const entries = [1, 2, 3, 4, 5].map((n) => entryAt(n));
      await outbox.addMany(entries);
      await outbox.markSubmitted(entries.slice(0, 4), TX);
      const final = (e: OutboxEntry, at: string) => ({ updateId: e.updateId, status: "confirmed" as const, at });
      await outbox.markFinal([
        final(entries[0]!, "2026-11-22T10:01:00.000Z"),
        final(entries[1]!, "2026-11-22T10:02:00.000Z"),
        final(entries[2]!, "2026-11-22T12:00:00.000Z"),
      ]);
      const before = "2026-11-22T11:00:00.000Z";
      expect(await outbox.prune(before, 1)).toBe(1);
      expect(await outbox.get(entries[0]!.updateId)).toBeNull(); // the oldest first
      expect(await outbox.prune(before, 10)).toBe(1);
      expect(await outbox.prune(before, 10)).toBe(0);
      expect(await outbox.get(entries[0]!.updateId)).toBeNull();
      expect(await outbox.get(entries[1]!.updateId)).toBeNull();
      for (const e of entries.slice(2)) expect(await outbox.get(e.updateId)).not.toBeNull();
      expect(ids(await outbox.pending(10))).toEqual([entries[4]!.updateId]);
    });

    it("prunes a requeued entry only by its latest final outcome", async () => {
      const entry = entryAt(1);
      await outbox.add(entry);
      await outbox.markSubmitted([entry], TX);
      await outbox.markFinal([{ updateId: entry.updateId, status: "confirmed", at: "2026-11-22T10:01:00.000Z" }]);
      await outbox.requeue([entry.updateId], "2026-11-22T10:05:00.000Z");
      expect(await outbox.prune("2026-11-22T11:00:00.000Z", 10)).toBe(0);
      await outbox.markSubmitted([entry], TX);
      await outbox.markFinal([{ updateId: entry.updateId, status: "confirmed", at: "2026-11-22T12:00:00.000Z" }]);
      expect(await outbox.prune("2026-11-22T11:00:00.000Z", 10)).toBe(0);
      expect(await outbox.prune("2026-11-22T13:00:00.000Z", 10)).toBe(1);
      expect(await outbox.get(entry.updateId)).toBeNull();
    });
  });
}
