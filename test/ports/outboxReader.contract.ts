// The behaviour every OutboxReader promises (lib/distributionPorts.ts), written once and run against the in-memory
// fake and the Azure Table adapter (outboxReader.test.ts). The outbox is written through its OutboxStore, so the
// reader is checked against what the writer did: scans return each entry once with the state its last transition
// wrote (the first wave's reconciliation bug was a reader that did not), lookups by on-chain update id find the
// entry's stored update in any spelling of the hash.
import { keccak256, toUtf8Bytes } from "ethers";
import { describe, expect, it } from "vitest";
import type { OutboxReader, StoredUpdate } from "../../lib/distributionPorts.js";
import type { OutboxStore } from "../../lib/ports.js";
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

    describe("scan", () => {
      it("returns each entry in the given statuses once, with the state its last transition wrote", async () => {
        const { reader, outbox } = await make();
        const [a, b, c, d] = [1, 2, 3, 4].map((n) => sampleEntry(sampleUpdate(n)));
        await outbox.addMany([a!, b!, c!, d!]);
        await outbox.markSubmitted([b!, c!, d!], TX);
        await outbox.markFinal([
          { updateId: c!.updateId, status: "confirmed", at: "t2", txHash: TX.txHash, blockNumber: 7 },
        ]);
        await outbox.requeue([d!.updateId], "2026-11-22T10:00:09.000Z");
        const accepted = await reader.scan(["accepted"], 10);
        expect(accepted.map((e) => e.updateId).sort()).toEqual([a!.updateId, d!.updateId]);
        expect(accepted.find((e) => e.updateId === d!.updateId)).toMatchObject({ requeues: 1 });
        const submitted = await reader.scan(["submitted"], 10);
        expect(submitted.map((e) => [e.updateId, e.status, e.txHash, e.nonce])).toEqual([
          [b!.updateId, "submitted", TX.txHash, 0],
        ]);
        const confirmed = await reader.scan(["confirmed"], 10);
        expect(confirmed).toMatchObject([
          { updateId: c!.updateId, status: "confirmed", blockNumber: 7, finalAt: "t2" },
        ]);
        expect(stored(confirmed[0]!)).toEqual(stored(c!));
        expect(await reader.scan(["accepted", "submitted", "confirmed"], 10)).toHaveLength(4);
      });

      it("returns at most `limit` entries", async () => {
        const { reader, outbox } = await make();
        await outbox.addMany([1, 2, 3, 4, 5].map((n) => sampleEntry(sampleUpdate(n))));
        const some = await reader.scan(["accepted"], 3);
        expect(some).toHaveLength(3);
        expect(new Set(some.map((e) => e.updateId)).size).toBe(3);
      });

      it("returns nothing for no statuses, a status no entry is in, or a limit of 0", async () => {
        const { reader, outbox } = await make();
        await outbox.add(sampleEntry(sampleUpdate(1)));
        expect(await reader.scan([], 10)).toEqual([]);
        expect(await reader.scan(["accepted"], 0)).toEqual([]);
        expect(await reader.scan(["failed"], 10)).toEqual([]);
      });
    });
  });
}
