import { describe, expect, it } from "vitest";
import { AppError } from "../../lib/domain/appError.js";
import type { OnChainRecord } from "../../lib/domain/ledgerTypes.js";
import { reconcileOutbox } from "../../lib/reconciliation/reconcileOutbox.js";
import { MemoryOutboxReader } from "../support/memoryDistribution.js";
import { ManualClock, MemoryOutbox } from "../support/memoryPorts.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const own = "0x" + "a1".repeat(20);
const settings = {
  acceptedOlderThanInMs: 60_000,
  submittedOlderThanInMs: 600_000,
  scanLimit: 100,
  confirmedLookbackInMs: 86_400_000,
};

async function setup() {
  const clock = new ManualClock(new Date("2026-11-22T10:00:00.000Z"));
  const outbox = new MemoryOutbox();
  const chain = new Map<string, OnChainRecord>();
  const deps = {
    outbox,
    outboxReader: new MemoryOutboxReader(outbox.entries),
    ledger: { getRecord: async (subjectKey: string) => chain.get(subjectKey) ?? null },
    clock,
    ownAddress: own,
    settings,
  };
  return { deps, outbox, chain, clock };
}

describe("reconcileOutbox", () => {
  it("re-lists old accepted entries, reports stuck submissions, and re-drives confirmed records absent on chain", async () => {
    const { deps, outbox, chain, clock } = await setup();
    const [accepted, submitted, onChain, absent, superseded] = [1, 2, 3, 4, 5].map((n) =>
      sampleEntry(sampleUpdate(n), "2026-11-22T09:00:00.000Z"),
    );
    for (const e of [accepted, submitted, onChain, absent, superseded]) await outbox.add(e!);
    await outbox.unlist([accepted!, submitted!, onChain!, absent!, superseded!]);
    const tx = { txHash: "0x" + "ab".repeat(32), nonce: 1, at: "2026-11-22T09:01:00.000Z" };
    await outbox.markSubmitted([submitted!, onChain!, absent!, superseded!], tx);
    await outbox.markFinal(
      [onChain!, absent!, superseded!].map((e) => ({ updateId: e.updateId, status: "confirmed" as const, at: tx.at })),
    );
    const record = (e: typeof onChain, asOf: bigint) => ({
      score: 1,
      scoreModel: "0x",
      asOf,
      recordHash: e!.input.recordHash,
    });
    chain.set(onChain!.input.subjectKey, record(onChain, onChain!.input.asOf));
    chain.set(superseded!.input.subjectKey, { ...record(superseded, superseded!.input.asOf + 1n), recordHash: "0x01" });
    clock.advance(3_600_000);

    const findings = await reconcileOutbox(deps);
    expect(findings.map((f) => [f.kind, f.updateId, f.repaired])).toEqual([
      ["accepted-not-batched", accepted!.updateId, true],
      ["submitted-too-long", submitted!.updateId, false],
      ["confirmed-absent-on-chain", absent!.updateId, true],
    ]);
    expect([...outbox.pendingIds].sort()).toEqual([accepted!.updateId, absent!.updateId].sort());
    expect(outbox.entries.get(absent!.updateId)?.status).toBe("accepted");
  });

  it("finds nothing in a healthy outbox", async () => {
    const { deps, outbox } = await setup();
    await outbox.add(sampleEntry(sampleUpdate(1), "2026-11-22T09:59:50.000Z"));
    expect(await reconcileOutbox(deps)).toEqual([]);
  });

  it("leaves a confirmed record alone while only a node behind its block answers (unknown is not absent)", async () => {
    const { deps, outbox } = await setup();
    const entry = sampleEntry(sampleUpdate(1), "2026-11-22T09:00:00.000Z");
    await outbox.add(entry);
    await outbox.unlist([entry]);
    const tx = { txHash: "0x" + "ab".repeat(32), nonce: 1, at: "2026-11-22T09:01:00.000Z" };
    await outbox.markSubmitted([entry], tx);
    await outbox.markFinal([{ updateId: entry.updateId, status: "confirmed", at: tx.at, blockNumber: 12 }]);
    // A lagging node at block 10: the record is not there yet, and the node says so only when asked for block 12.
    const lagging = {
      getRecord: async (_key: string, _issuer: string, options: { atLeastBlock?: number } = {}) => {
        if ((options.atLeastBlock ?? 0) > 10) throw new AppError("NODE_BEHIND", "no block 12 on this node");
        return null;
      },
    };
    expect(await reconcileOutbox({ ...deps, ledger: lagging })).toEqual([]);
    expect(outbox.entries.get(entry.updateId)?.status).toBe("confirmed");
  });
});
