// The behaviour every SubjectOutbox promises (lib/ports/), written once and run against the in-memory fake and the
// Azure Table adapter (subjectOutbox.test.ts): a subject's entries found by key, redaction that keeps state and is
// idempotent, and a later state change of a redacted entry that still works.
import { describe, expect, it } from "vitest";
import type { OutboxStore, SubjectOutbox } from "../../lib/ports/outbox.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

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
