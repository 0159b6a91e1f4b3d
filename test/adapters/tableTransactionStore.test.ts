import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { openTableTransactionStore, type TableTransactionStore } from "../../lib/adapters/tableTransactionStore.js";
import { isAppError } from "../../lib/domain/appError.js";
import type { StoredTransaction } from "../../lib/ports.js";
import { testStack } from "../stack.js";

const address = "0xAbCdEf0000000000000000000000000000000001";

function tx(nonce: number, rawBytes = 200): StoredTransaction {
  return {
    address,
    nonce,
    hash: "0x" + String(nonce).padStart(64, "0"),
    raw: "0x" + randomBytes(rawBytes).toString("hex"),
    entries: Array.from({ length: 3 }, (_, i) => ({
      updateId: `u-${nonce}-${i}`,
      updateIdHash: "0x01",
      subjectKey: "0x02",
    })),
    status: "signed",
    createdAt: "2026-11-22T10:00:00.000Z",
    broadcasts: 0,
  };
}

describe("TableTransactionStore", () => {
  let store: TableTransactionStore;

  beforeEach(async () => {
    store = await openTableTransactionStore(
      testStack().storageConnectionString,
      `txs${randomBytes(6).toString("hex")}`,
    );
  });

  it("assigns nonces in sequence, storing each transaction with its nonce atomically", async () => {
    for (let i = 0; i < 3; i++) {
      const { nonce, version } = await store.nextNonce(address);
      expect(nonce).toBe(i);
      await store.commit(tx(nonce), version);
    }
    expect((await store.nextNonce(address)).nonce).toBe(3);
    expect((await store.unfinished(address)).map((t) => t.nonce)).toEqual([0, 1, 2]);
  });

  it("fails a second writer with CONFLICT instead of reusing a nonce", async () => {
    const first = await store.nextNonce(address);
    const second = await store.nextNonce(address);
    await store.commit(tx(first.nonce), first.version);
    const error = await store.commit(tx(second.nonce), second.version).catch((e: unknown) => e);
    expect(isAppError(error, "CONFLICT")).toBe(true);
    const moved = await store.nextNonce(address);
    await store.commit(tx(moved.nonce), moved.version);
    const stale = await store.commit(tx(5), moved.version).catch((e: unknown) => e);
    expect(isAppError(stale, "CONFLICT")).toBe(true);
  });

  it("round-trips signed bytes larger than one 64 KB property", async () => {
    const big = tx(0, 150_000);
    await store.commit(big, null);
    expect(await store.get(address, 0)).toEqual(big);
  });

  it("tracks status changes and leaves finished transactions out of the unfinished list", async () => {
    await store.commit(tx(0), null);
    const { version } = await store.nextNonce(address);
    await store.commit(tx(1), version);
    await store.update(address, 0, { status: "confirmed", broadcasts: 2 });
    expect(await store.get(address, 0)).toMatchObject({ status: "confirmed", broadcasts: 2 });
    expect((await store.unfinished(address)).map((t) => t.nonce)).toEqual([1]);
    expect(await store.get(address, 7)).toBeNull();
  });

  it("lets reconciliation set the next nonce", async () => {
    const { version } = await store.nextNonce(address);
    await store.setNextNonce(address, 12, version);
    expect((await store.nextNonce(address)).nonce).toBe(12);
  });
});
