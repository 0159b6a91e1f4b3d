// The behaviour every CheckpointStore promises (lib/ports/distribution.ts), written once and run against the
// in-memory fake and the Azure Table adapter (checkpointStore.test.ts): markers per key with optimistic concurrency —
// a write names the version it read, and a writer whose read is stale gets CONFLICT and changes nothing.
import { describe, expect, it } from "vitest";
import { isAppError } from "../../lib/domain/appError.js";
import type { CheckpointStore } from "../../lib/ports/distribution.js";

const HASH = "0x" + "ab".repeat(32);

/** Registers the CheckpointStore contract for one implementation; `make` returns an empty store. */
export function describeCheckpointStore(name: string, make: () => Promise<CheckpointStore>): void {
  describe(`${name} keeps the CheckpointStore contract`, () => {
    it("answers a key never set with no block and no version", async () => {
      const store = await make();
      expect(await store.get("watcher:0xabc")).toEqual({ nextBlock: null, version: null });
    });

    it("creates with version null, then moves only from the version it read", async () => {
      const store = await make();
      const created = await store.set("watcher", { nextBlock: 10, blockHash: HASH }, null);
      expect(await store.get("watcher")).toEqual({ nextBlock: 10, blockHash: HASH, version: created });
      const moved = await store.set("watcher", { nextBlock: 20 }, created);
      expect(moved).not.toBe(created);
      const read = await store.get("watcher");
      expect(read.nextBlock).toBe(20);
      expect(read.blockHash).toBeUndefined();
      expect(read.version).toBe(moved);
    });

    it("refuses a stale or a second first write with CONFLICT, keeping the marker", async () => {
      const store = await make();
      const first = await store.set("reconciliation", { nextBlock: 0, position: "p-1" }, null);
      await store.set("reconciliation", { nextBlock: 0, position: "p-2" }, first);
      const conflict = (error: unknown) => isAppError(error, "CONFLICT");
      await expect(store.set("reconciliation", { nextBlock: 0, position: "stale" }, first)).rejects.toSatisfy(conflict);
      await expect(store.set("reconciliation", { nextBlock: 0, position: "again" }, null)).rejects.toSatisfy(conflict);
      expect(await store.get("reconciliation")).toMatchObject({ nextBlock: 0, position: "p-2" });
    });

    it("keeps keys apart by letter case, and refuses a key a table cannot hold (/ \\ # ?) on read and write", async () => {
      const store = await make();
      await store.set("watcher:0xA1", { nextBlock: 1 }, null);
      await store.set("watcher:0xa1", { nextBlock: 2 }, null);
      expect((await store.get("watcher:0xA1")).nextBlock).toBe(1);
      expect((await store.get("watcher:0xa1")).nextBlock).toBe(2);
      const invalid = (error: unknown) => isAppError(error, "INVALID_MESSAGE");
      await expect(store.set("watcher/0xa1", { nextBlock: 3 }, null)).rejects.toSatisfy(invalid);
      await expect(store.get("watcher#0xa1")).rejects.toSatisfy(invalid);
    });
  });
}
