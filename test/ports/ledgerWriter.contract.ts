// The LedgerWriter's behaviour, written once and run against the in-memory writer (test/support/memoryLedgerWriter.ts)
// and the EVM writer on anvil: a batch is prepared for one slot, submitted (again without a second write), tracked
// to its receipt; a slot used by other content is seen as used and refused; a stranger's batch is refused.
import { describe, expect, it } from "vitest";
import type { LedgerReceipt, RecordInput } from "../../lib/domain/ledgerTypes.js";
import type { LedgerWriter, PreparedSubmission } from "../../lib/ports/ledgerWriter.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";
import { expectRejection } from "./rejection.js";

/** A writer of `account`, a member of its ledger, and a way to make the ledger take what was submitted. */
export interface WriterUnderTest {
  writer: LedgerWriter;
  account: string;
  mine(): Promise<void>;
}

const recordsFrom = (first: number, count: number): RecordInput[] =>
  Array.from({ length: count }, (_, n) => sampleEntry(sampleUpdate(first + n)).input);

const updates = (first: number, count: number) => ({ kind: "updates" as const, records: recordsFrom(first, count) });

async function nextSlot(t: WriterUnderTest): Promise<number> {
  return t.writer.slotsUsed(t.account);
}

async function tracked(t: WriterUnderTest, prepared: PreparedSubmission): Promise<LedgerReceipt> {
  for (let i = 0; i < 40; i++) {
    const { receipt } = await t.writer.track({ id: prepared.id, account: t.account, slot: prepared.slot }, 1);
    if (receipt) return receipt;
    await t.mine();
  }
  throw new Error(`${prepared.id} was not taken`);
}

/** Runs the LedgerWriter contract against the writer `make` builds (a fresh ledger each time). */
export function describeLedgerWriter(name: string, make: () => Promise<WriterUnderTest>): void {
  describe(`LedgerWriter contract: ${name}`, () => {
    it("prepares a batch for the next slot, takes a resubmission as no second write, and tracks it to its receipt", async () => {
      const t = await make();
      expect(await t.writer.account()).toBe(t.account);
      expect(t.writer.recordsPerBatch).toBeGreaterThan(0);
      const slot = await nextSlot(t);
      const prepared = await t.writer.prepare({ account: t.account, content: updates(100, 3), slot });
      expect(prepared.slot).toBe(slot);
      await t.writer.submit(prepared);
      await t.writer.submit(prepared);
      const receipt = await tracked(t, prepared);
      expect(receipt).toMatchObject({ status: "success", txHash: prepared.id });
      expect(receipt.events.map((e) => e.kind)).toEqual(["upserted", "upserted", "upserted"]);
      expect(await nextSlot(t)).toBe(slot + 1);
      await t.writer.submit(prepared);
    });

    it("shows a slot used by other content as used, without a receipt, and refuses the other bytes (NONCE_TOO_LOW)", async () => {
      const t = await make();
      const slot = await nextSlot(t);
      const first = await t.writer.prepare({ account: t.account, content: updates(200, 1), slot });
      const other = await t.writer.prepare({ account: t.account, content: updates(210, 1), slot });
      await t.writer.submit(first);
      await tracked(t, first);
      const snapshot = await t.writer.track({ id: other.id, account: t.account, slot }, 1);
      expect(snapshot.receipt).toBeNull();
      expect(snapshot.slotsUsed).toBeGreaterThan(slot);
      await expectRejection(t.writer.submit(other), "NONCE_TOO_LOW");
    });

    it("fills a slot with a submission that carries nothing", async () => {
      const t = await make();
      const slot = await nextSlot(t);
      const filler = await t.writer.prepareFiller(t.account, slot);
      await t.writer.submit(filler);
      expect(await tracked(t, filler)).toMatchObject({ status: "success", events: [] });
      expect(await nextSlot(t)).toBe(slot + 1);
    });

    it("names a record it can never prepare, and dry-runs as the account: a stranger's batch is refused", async () => {
      const t = await make();
      const [record] = recordsFrom(300, 1);
      const negative = { kind: "updates" as const, records: [{ ...record!, asOf: -1n }] };
      expect(t.writer.unpreparable(negative)).toEqual(expect.any(String));
      expect(t.writer.unpreparable(updates(300, 2))).toBeNull();
      expect(await t.writer.dryRun(t.account, updates(300, 2))).toEqual({ ok: true });
      const refused = await t.writer.dryRun("0x" + "12".repeat(20), updates(300, 2));
      expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/NotMember/) });
    });
  });
}
