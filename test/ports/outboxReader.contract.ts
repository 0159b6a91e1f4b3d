// The behaviour every OutboxReader promises (lib/ports/), written once and run against the in-memory
// fake and the Azure Table adapter (outboxReader.test.ts). The outbox is written through its OutboxStore, so the
// reader is checked against what the writer did: listings return each entry once with the state its last transition
// wrote (the first wave's reconciliation bug was a reader that did not), lookups by on-chain update id find the
// entry's stored update in any spelling of the hash.
import { keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, it } from "vitest";
import type { OutboxReader, StoredUpdate } from "../../lib/ports/outbox.js";
import type { OutboxStore } from "../../lib/ports/outbox.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

/** A reader and the store that writes the outbox it reads. */
export interface ReaderUnderTest {
  reader: OutboxReader;
  outbox: OutboxStore;
}

const TX = { txHash: "0x" + "ab".repeat(32), nonce: 0, at: "2026-11-22T10:00:01.000Z" };

/** The fields a lookup promises (the adapter's own may carry more). */
const stored = (e: StoredUpdate | null) =>
  e && { updateId: e.updateId, updateIdHash: e.updateIdHash, record: e.record, salt: e.salt, input: e.input };

/** Registers the OutboxReader contract for one implementation; `make` returns an empty outbox and its reader. */
export function describeOutboxReader(name: string, make: () => Promise<ReaderUnderTest>): void {
  describe(`${name} keeps the OutboxReader contract`, () => {
    describe("byUpdateIdHash", () => {
      it("finds an entry's stored update by its on-chain update id, with or without 0x, in any case", async () => {
        const { reader, outbox } = await make();
        const entry = sampleEntry(sampleUpdate(1));
        await outbox.add(entry);
        await outbox.markSubmitted([entry], TX);
        const hex = entry.updateIdHash.slice(2);
        for (const spelling of [entry.updateIdHash, hex, "0x" + hex.toUpperCase()]) {
          expect(stored(await reader.byUpdateIdHash(spelling))).toEqual(stored(entry));
        }
      });

      it("returns null for an update id never stored, and for one that is not a hash", async () => {
        const { reader, outbox } = await make();
        await outbox.add(sampleEntry(sampleUpdate(1)));
        expect(await reader.byUpdateIdHash(keccak256(toUtf8Bytes("bank-a/test/2")))).toBeNull();
        expect(await reader.byUpdateIdHash("0x1234")).toBeNull();
        expect(await reader.byUpdateIdHash("bank-a/test/1")).toBeNull();
      });
    });

    describe("unfinished", () => {
      it("returns each entry not yet final once, with the state its last transition wrote", async () => {
        const { reader, outbox } = await make();
        const [a, b, c, d] = [1, 2, 3, 4].map((n) => sampleEntry(sampleUpdate(n)));
        await outbox.addMany([a!, b!, c!, d!]);
        await outbox.markSubmitted([b!, c!, d!], TX);
        await outbox.markFinal([
          { updateId: c!.updateId, status: "confirmed", at: "t2", txHash: TX.txHash, blockNumber: 7 },
        ]);
        await outbox.requeue([d!.updateId], "2026-11-22T10:00:09.000Z");
        const open = await reader.unfinished(10);
        expect(open.map((e) => [e.updateId, e.status]).sort()).toEqual(
          [
            [a!.updateId, "accepted"],
            [b!.updateId, "submitted"],
            [d!.updateId, "accepted"],
          ].sort(),
        );
        expect(open.find((e) => e.updateId === d!.updateId)).toMatchObject({ requeues: 1 });
        expect(open.find((e) => e.updateId === b!.updateId)).toMatchObject({ txHash: TX.txHash, nonce: 0 });
        expect(stored(open.find((e) => e.updateId === a!.updateId)!)).toEqual(stored(a!));
      });

      it("returns at most `limit` entries, and none for a limit of 0", async () => {
        const { reader, outbox } = await make();
        await outbox.addMany([1, 2, 3, 4, 5].map((n) => sampleEntry(sampleUpdate(n))));
        const some = await reader.unfinished(3);
        expect(some).toHaveLength(3);
        expect(new Set(some.map((e) => e.updateId)).size).toBe(3);
        expect(await reader.unfinished(0)).toEqual([]);
      });
    });

    describe("finalized", () => {
      const at = (second: number) => `2026-11-22T10:00:${String(second).padStart(2, "0")}.000Z`;

      it("walks final entries in order of their final time, in pages that continue where the last ended", async () => {
        const { reader, outbox } = await make();
        const entries = Array.from({ length: 20 }, (_, n) => sampleEntry(sampleUpdate(n + 1)));
        await outbox.addMany(entries);
        await outbox.markSubmitted(entries, TX);
        await outbox.markFinal(
          entries.slice(0, 18).map((e, n) => ({ updateId: e.updateId, status: "confirmed" as const, at: at(40 - n) })),
        );
        const walked: string[] = [];
        let from: { after: string } | { since: string } = { since: at(24) };
        for (let page = 0; page < 10; page++) {
          const { entries: found, next } = await reader.finalized(from, 5);
          expect(found.length).toBeLessThanOrEqual(5);
          walked.push(...found.map((e) => e.updateId));
          if (found.length === 0) {
            expect(next).toBe("after" in from ? from.after : null);
            break;
          }
          from = { after: next! };
        }
        expect(walked).toEqual(
          entries
            .slice(0, 17)
            .map((e) => e.updateId)
            .reverse(),
        );
      });

      it("returns current state, leaves out an entry requeued since, and places a new outcome at its new time", async () => {
        const { reader, outbox } = await make();
        const [a, b] = [1, 2].map((n) => sampleEntry(sampleUpdate(n)));
        await outbox.addMany([a!, b!]);
        await outbox.markFinal([
          { updateId: a!.updateId, status: "confirmed", at: at(1), txHash: TX.txHash, blockNumber: 7 },
          { updateId: b!.updateId, status: "confirmed", at: at(2), txHash: TX.txHash, blockNumber: 7 },
        ]);
        await outbox.requeue([a!.updateId], at(3));
        const first = await reader.finalized({ since: at(0) }, 10);
        expect(first.entries.map((e) => [e.updateId, e.status, e.blockNumber])).toEqual([
          [b!.updateId, "confirmed", 7],
        ]);
        await outbox.markFinal([{ updateId: a!.updateId, status: "failed", at: at(4), reason: "gone" }]);
        const second = await reader.finalized({ after: first.next! }, 10);
        expect(second.entries).toMatchObject([{ updateId: a!.updateId, status: "failed", finalAt: at(4) }]);
        expect(await reader.finalized({ after: second.next! }, 10)).toEqual({ entries: [], next: second.next });
        expect(await reader.finalized({ since: at(5) }, 10)).toEqual({ entries: [], next: null });
      });
    });
  });
}
