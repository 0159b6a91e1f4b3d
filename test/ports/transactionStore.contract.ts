// The behaviour every TransactionStore promises (lib/ports/), written once and run against the in-memory fake and
// the Azure Table adapter (transactionStore.test.ts): nonces advance only with their signed transaction, a stale
// version or an occupied nonce is CONFLICT, and reads are copies of what was stored.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { StoredTransaction, TransactionStore } from "../../lib/ports/submission.js";
import { expectRejection } from "./rejection.js";

const ADDRESS = "0xAbCdEf0000000000000000000000000000000001";
const OTHER = "0x00000000000000000000000000000000000000F2";

/** A signed transaction at `nonce` (raw bytes of `rawBytes` random bytes). */
export function storedTransaction(nonce: number, overrides: Partial<StoredTransaction> = {}): StoredTransaction {
  return {
    address: ADDRESS,
    nonce,
    hash: "0x" + String(nonce).padStart(64, "0"),
    raw: "0x" + randomBytes(200).toString("hex"),
    entries: [0, 1, 2].map((i) => ({ updateId: `u-${nonce}-${i}`, updateIdHash: "0x01", subjectKey: "0x02" })),
    status: "signed",
    createdAt: "2026-11-22T10:00:00.000Z",
    broadcasts: 0,
    ...overrides,
  };
}

/** Registers the TransactionStore contract for one implementation; `make` returns an empty store. */
export function describeTransactionStore(name: string, make: () => Promise<TransactionStore>): void {
  describe(`${name} keeps the TransactionStore contract`, () => {
    describe("nonces", () => {
      it("starts an unknown address at nonce 0 with no version", async () => {
        const store = await make();
        expect(await store.nextNonce(ADDRESS)).toEqual({ nonce: 0, version: null });
      });

      it("advances the nonce past each committed transaction, one nonce per address in any letter case", async () => {
        const store = await make();
        for (let i = 0; i < 3; i++) {
          const { nonce, version } = await store.nextNonce(ADDRESS);
          expect(nonce).toBe(i);
          await store.commit(storedTransaction(nonce), version);
        }
        expect((await store.nextNonce(ADDRESS.toLowerCase())).nonce).toBe(3);
        expect(await store.nextNonce(OTHER)).toEqual({ nonce: 0, version: null });
      });

      it("sets the next nonce forwards or backwards when the version is current", async () => {
        const store = await make();
        await store.setNextNonce(ADDRESS, 12, null);
        const moved = await store.nextNonce(ADDRESS);
        expect(moved.nonce).toBe(12);
        await store.setNextNonce(ADDRESS, 4, moved.version);
        expect((await store.nextNonce(ADDRESS)).nonce).toBe(4);
      });

      it("refuses with CONFLICT to set a nonce that moved since its version, or to create one that exists", async () => {
        const store = await make();
        await store.setNextNonce(ADDRESS, 1, null);
        const read = await store.nextNonce(ADDRESS);
        await store.setNextNonce(ADDRESS, 2, read.version);
        await expectRejection(store.setNextNonce(ADDRESS, 3, read.version), "CONFLICT");
        await expectRejection(store.setNextNonce(ADDRESS, 3, null), "CONFLICT");
        expect((await store.nextNonce(ADDRESS)).nonce).toBe(2);
      });
    });

    describe("commit", () => {
      it("fails a second writer with CONFLICT and stores nothing of its transaction", async () => {
        const store = await make();
        const first = await store.nextNonce(ADDRESS);
        const second = await store.nextNonce(ADDRESS);
        await store.commit(storedTransaction(0), first.version);
        await expectRejection(
          store.commit(storedTransaction(0, { hash: "0x" + "bb".repeat(32) }), second.version),
          "CONFLICT",
        );
        expect((await store.get(ADDRESS, 0))?.hash).toBe(storedTransaction(0).hash);
        await expectRejection(store.commit(storedTransaction(1), null), "CONFLICT");
        expect(await store.get(ADDRESS, 1)).toBeNull();
        expect((await store.nextNonce(ADDRESS)).nonce).toBe(1);
      });

      it("refuses with CONFLICT a nonce that already holds a transaction, leaving the nonce where it was", async () => {
        const store = await make();
        await store.store(storedTransaction(0, { entries: [] }));
        await expectRejection(store.commit(storedTransaction(0), null), "CONFLICT");
        expect(await store.nextNonce(ADDRESS)).toEqual({ nonce: 0, version: null });
        expect((await store.get(ADDRESS, 0))?.entries).toEqual([]);
      });

      it("reads back exactly what was committed, signed bytes over one 64 KB property included", async () => {
        const store = await make();
        const big = storedTransaction(0, { raw: "0x" + randomBytes(150_000).toString("hex") });
        await store.commit(big, null);
        expect(await store.get(ADDRESS, 0)).toEqual(big);
        expect(await store.get(ADDRESS.toLowerCase(), 0)).toEqual(big);
      });
    });

    describe("store (a gap filler)", () => {
      it("stores a transaction below the next nonce without moving the nonce", async () => {
        const store = await make();
        await store.setNextNonce(ADDRESS, 5, null);
        const filler = storedTransaction(2, { entries: [] });
        await store.store(filler);
        expect(await store.get(ADDRESS, 2)).toEqual(filler);
        expect((await store.nextNonce(ADDRESS)).nonce).toBe(5);
      });

      it("refuses with CONFLICT a nonce that already holds a transaction, keeping the first", async () => {
        const store = await make();
        await store.commit(storedTransaction(0), null);
        await expectRejection(store.store(storedTransaction(0, { entries: [] })), "CONFLICT");
        expect((await store.get(ADDRESS, 0))?.entries).toHaveLength(3);
      });
    });

    describe("reads", () => {
      it("returns null for a nonce without a transaction", async () => {
        const store = await make();
        await store.commit(storedTransaction(0), null);
        expect(await store.get(ADDRESS, 1)).toBeNull();
        expect(await store.get(OTHER, 0)).toBeNull();
      });

      it("lists only the address's signed and broadcast transactions, lowest nonce first", async () => {
        const store = await make();
        for (const nonce of [3, 0, 2, 1, 4]) await store.store(storedTransaction(nonce));
        await store.store(storedTransaction(0, { address: OTHER }));
        await store.update(ADDRESS, 1, { status: "confirmed" });
        await store.update(ADDRESS, 2, { status: "broadcast" });
        await store.update(ADDRESS, 3, { status: "dropped" });
        await store.update(ADDRESS, 4, { status: "failed" });
        const unfinished = await store.unfinished(ADDRESS.toLowerCase());
        expect(unfinished.map((t) => [t.nonce, t.status])).toEqual([
          [0, "signed"],
          [2, "broadcast"],
        ]);
        expect((await store.unfinished(OTHER)).map((t) => t.address)).toEqual([OTHER]);
      });

      it("hands out copies: changing a read or a written transaction does not change what is stored", async () => {
        const store = await make();
        const written = storedTransaction(0);
        await store.commit(written, null);
        written.entries.pop();
        const read = await store.get(ADDRESS, 0);
        read!.status = "confirmed";
        read!.entries.length = 0;
        (await store.unfinished(ADDRESS))[0]!.entries.length = 0;
        expect(await store.get(ADDRESS, 0)).toEqual(storedTransaction(0, { raw: written.raw }));
      });
    });

    describe("update", () => {
      it("changes status and broadcast count and nothing else", async () => {
        const store = await make();
        const tx = storedTransaction(0);
        await store.commit(tx, null);
        await store.update(ADDRESS, 0, { status: "broadcast", broadcasts: 2 });
        expect(await store.get(ADDRESS, 0)).toEqual({ ...tx, status: "broadcast", broadcasts: 2 });
        await store.update(ADDRESS.toLowerCase(), 0, { status: "confirmed" });
        expect(await store.get(ADDRESS, 0)).toEqual({ ...tx, status: "confirmed", broadcasts: 2 });
      });

      it("keeps the block a suspected replacement was first seen at, on the row and in the unfinished list", async () => {
        const store = await make();
        const tx = storedTransaction(0);
        await store.commit(tx, null);
        await store.update(ADDRESS, 0, { replacedAtBlock: 41 });
        expect(await store.get(ADDRESS, 0)).toEqual({ ...tx, replacedAtBlock: 41 });
        expect(await store.unfinished(ADDRESS)).toEqual([{ ...tx, replacedAtBlock: 41 }]);
        await store.update(ADDRESS, 0, { broadcasts: 1 });
        expect(await store.get(ADDRESS, 0)).toEqual({ ...tx, broadcasts: 1, replacedAtBlock: 41 });
      });
      it("takes a transaction out of the unfinished list at its final status, and keeps it there", async () => {
        const store = await make();
        await store.commit(storedTransaction(0), null);
        await store.store(storedTransaction(1, { status: "confirmed" }));
        await store.update(ADDRESS, 0, { broadcasts: 3 });
        expect((await store.unfinished(ADDRESS)).map((t) => [t.nonce, t.broadcasts])).toEqual([[0, 3]]);
        await store.update(ADDRESS, 0, { status: "dropped" });
        await store.update(ADDRESS, 0, { broadcasts: 4 });
        expect(await store.unfinished(ADDRESS)).toEqual([]);
        expect(await store.get(ADDRESS, 0)).toMatchObject({ status: "dropped", broadcasts: 4 });
      });

      it("fails with NOT_FOUND for a nonce without a transaction, creating nothing", async () => {
        const store = await make();
        await expectRejection(store.update(ADDRESS, 7, { status: "dropped" }), "NOT_FOUND");
        expect(await store.get(ADDRESS, 7)).toBeNull();
      });
    });

    describe("prune", () => {
      it("deletes finished transactions created before the time, lowest nonce first, never one in flight", async () => {
        const store = await make();
        const old = "2026-11-01T00:00:00.000Z";
        await store.store(storedTransaction(0, { status: "confirmed", createdAt: old }));
        await store.store(storedTransaction(1, { status: "broadcast", createdAt: old }));
        await store.store(storedTransaction(2, { status: "failed", createdAt: old }));
        await store.store(storedTransaction(3, { status: "dropped", createdAt: old }));
        await store.store(storedTransaction(4, { status: "confirmed" }));
        await store.store(storedTransaction(0, { address: OTHER, status: "confirmed", createdAt: old }));
        const before = "2026-11-02T00:00:00.000Z";
        expect(await store.prune(ADDRESS, before, 3)).toBe(2); // nonces 0 and 2; 1 is in flight
        expect(await store.prune(ADDRESS, before, 10)).toBe(1); // nonce 3
        expect(await store.prune(ADDRESS, before, 10)).toBe(0);
        for (const nonce of [0, 2, 3]) expect(await store.get(ADDRESS, nonce)).toBeNull();
        expect((await store.unfinished(ADDRESS)).map((t) => t.nonce)).toEqual([1]);
        expect(await store.get(ADDRESS, 4)).not.toBeNull();
        expect(await store.get(OTHER, 0)).not.toBeNull();
      });
    });
  });
}
