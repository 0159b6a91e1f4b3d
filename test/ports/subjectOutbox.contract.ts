// The behaviour every SubjectOutbox promises (lib/ports/), written once and run against the in-memory fake and the
// Azure Table adapter (subjectOutbox.test.ts): a subject's entries found by key (however and whenever they were
// added, and none that retention pruned), redaction that keeps state and is idempotent, and a later state change of a
// redacted entry that still works.
import { describe, expect, it } from "vitest";
import { tombstoneEntry } from "../../lib/domain/erasure.js";
import { governanceEntry } from "../../lib/domain/governance.js";
import type { OutboxEntry, OutboxStore, SubjectOutbox } from "../../lib/ports/outbox.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

/** The update ids of `entries`, sorted. */
const idsOf = (entries: readonly OutboxEntry[]) => entries.map((e) => e.updateId).sort();
/** An entry of the subject of `sampleUpdate(of)`. */
const entryOf = (of: number, n: number) => sampleEntry(sampleUpdate(n, { subject: sampleUpdate(of).subject }));

/** Registers the SubjectOutbox contract; `make` returns an empty outbox and erasure access to the same storage. */
export function describeSubjectOutbox(
  name: string,
  make: () => Promise<{ outbox: OutboxStore; subjects: SubjectOutbox }>,
): void {
  describe(`${name} keeps the SubjectOutbox contract`, () => {
    it("finds every entry of a subject key, whatever its status, and no other subject's", async () => {
      const { outbox, subjects } = await make();
      const [a1, a2, b] = [sampleEntry(sampleUpdate(1)), sampleEntry(sampleUpdate(2)), sampleEntry(sampleUpdate(3))];
      const a2OfA = { ...a2, input: { ...a2.input, subjectKey: a1.input.subjectKey } };
      await outbox.addMany([a1, a2OfA, b]);
      await outbox.markFinal([{ updateId: a1.updateId, status: "confirmed", at: "2026-11-22T10:05:00.000Z" }]);
      const found = await subjects.entriesOf(a1.input.subjectKey.toUpperCase().replace("0X", "0x"));
      expect(found.map((e) => [e.updateId, e.status]).sort()).toEqual([
        [a1.updateId, "confirmed"],
        [a2.updateId, "accepted"],
      ]);
    });

    it("finds every entry of a subject added in one call of many, and never another subject's", async () => {
      const { outbox, subjects } = await make();
      const [a, b] = [1, 2].map((of) => Array.from({ length: 40 }, (_, n) => entryOf(of, 100 * of + n)));
      await outbox.addMany(a!.flatMap((entry, n) => [entry, b![n]!]));
      expect(idsOf(await subjects.entriesOf(a![0]!.input.subjectKey))).toEqual(idsOf(a!));
      expect(idsOf(await subjects.entriesOf(b![0]!.input.subjectKey))).toEqual(idsOf(b!));
      expect(await subjects.entriesOf(entryOf(3, 300).input.subjectKey)).toEqual([]);
    });

    it("finds a subject's entries that retention kept, none it pruned, and one pruned then stored again", async () => {
      const { outbox, subjects } = await make();
      const [old, kept, waiting, other] = [entryOf(1, 11), entryOf(1, 12), entryOf(1, 13), entryOf(2, 14)];
      await outbox.addMany([old, kept, waiting, other]);
      await outbox.markFinal([
        { updateId: old.updateId, status: "confirmed", at: "2026-01-01T00:00:00.000Z" },
        { updateId: other.updateId, status: "confirmed", at: "2026-01-01T00:00:00.000Z" },
        { updateId: kept.updateId, status: "confirmed", at: "2026-11-22T10:05:00.000Z" },
      ]);
      expect(await outbox.prune("2026-06-01T00:00:00.000Z", 100)).toBe(2);
      const found = await subjects.entriesOf(old.input.subjectKey);
      expect(found.map((e) => [e.updateId, e.status]).sort()).toEqual([
        [kept.updateId, "confirmed"],
        [waiting.updateId, "accepted"],
      ]);
      expect(await subjects.entriesOf(other.input.subjectKey)).toEqual([]);
      // Stored again after retention (a replay of a message older than retention), it is the subject's entry anew.
      expect((await outbox.add(old)).created).toBe(true);
      expect(idsOf(await subjects.entriesOf(old.input.subjectKey))).toEqual(idsOf([old, kept, waiting]));
    });

    it("finds a subject's tombstone with its updates; a governance action is no subject's entry", async () => {
      const { outbox, subjects } = await make();
      const update = entryOf(1, 21);
      const tombstone = tombstoneEntry(update.input.subjectKey, "2026-11-22T10:01:00.000Z");
      const governance = governanceEntry({ type: "approve", proposalId: 1 }, "2026-11-22T10:02:00.000Z", "0x01");
      await outbox.addMany([update, tombstone, governance]);
      expect(idsOf(await subjects.entriesOf(update.input.subjectKey))).toEqual(idsOf([update, tombstone]));
      expect(await subjects.entriesOf(governance.input.subjectKey)).toEqual([]);
    });

    it("removes record and salt but keeps state, counts once, and lets the entry's state move on", async () => {
      const { outbox, subjects } = await make();
      const entry = sampleEntry(sampleUpdate(4));
      await outbox.add(entry);
      await outbox.markSubmitted([entry], { txHash: "0xabc", nonce: 3, at: "2026-11-22T10:01:00.000Z" });
      const at = "2026-11-22T10:02:00.000Z";
      expect(await subjects.erase([entry], at)).toBe(1);
      expect(await subjects.erase([entry], at)).toBe(0);
      const erased = await outbox.get(entry.updateId);
      expect(erased).toMatchObject({ record: null, salt: null, erasedAt: at, status: "submitted", nonce: 3 });
      expect(JSON.stringify(erased, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
        entry.record.subject.id,
      );
      await outbox.markFinal([{ updateId: entry.updateId, status: "confirmed", at: "2026-11-22T10:03:00.000Z" }]);
      expect(await outbox.get(entry.updateId)).toMatchObject({ status: "confirmed", record: null, salt: null });
      const [found] = await subjects.entriesOf(entry.input.subjectKey);
      expect(found).toMatchObject({ record: null, status: "confirmed" });
    });
  });
}
