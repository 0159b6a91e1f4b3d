import { describe, expect, it } from "vitest";
import type { OnChainRecord, RecordUpsertedEvent, UpsertKey } from "../../lib/domain/ledgerTypes.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import { reconcileHistory } from "../../lib/reconciliation/reconcileHistory.js";
import { MemoryCheckpoints, MemoryOutboxReader } from "../support/memoryDistribution.js";
import { ManualClock, MemoryOutbox } from "../support/memoryPorts.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const own = "0x" + "a1".repeat(20);
const TX = { txHash: "0x" + "ab".repeat(32), nonce: 1, at: "2026-11-22T09:01:00.000Z" };
const BLOCK = 7;

async function setup(historyPerRun: number) {
  const clock = new ManualClock(new Date("2026-11-22T10:00:00.000Z"));
  const outbox = new MemoryOutbox();
  const chain = new Map<string, OnChainRecord>();
  /** RecordUpserted events by update id hash, as the block they were confirmed in holds them. */
  const events = new Map<string, { recordHash: string }>();
  const reads: string[] = [];
  const deps = {
    outbox,
    outboxReader: new MemoryOutboxReader(outbox.entries),
    ledger: {
      contractAddress: "0x" + "c0".repeat(20),
      getRecord: async (subjectKey: string) => (reads.push(subjectKey), chain.get(subjectKey) ?? null),
      upsertedEvents: async (key: UpsertKey) => {
        const event = key.blockNumber === BLOCK ? events.get(key.updateId) : undefined;
        return event ? [{ ...key, ...event } as unknown as RecordUpsertedEvent] : [];
      },
    },
    checkpoints: new MemoryCheckpoints(),
    clock,
    ownAddress: own,
    settings: { confirmedLookbackInMs: 86_400_000, historyPerRun },
  };
  return { deps, outbox, chain, events, clock, reads };
}

/** Entries confirmed at 09:01 + n seconds, each on chain unless `absent` lists it. */
async function confirmed(outbox: MemoryOutbox, chain: Map<string, OnChainRecord>, count: number, absent: number[]) {
  const entries = Array.from({ length: count }, (_, n) => sampleEntry(sampleUpdate(n + 1), "2026-11-22T09:00:00.000Z"));
  await outbox.addMany(entries);
  await outbox.markSubmitted(entries, TX);
  await outbox.markFinal(
    entries.map((e, n) => ({
      updateId: e.updateId,
      status: "confirmed" as const,
      blockNumber: BLOCK,
      at: `2026-11-22T09:01:${String(n).padStart(2, "0")}.000Z`,
    })),
  );
  entries.forEach((e, n) => {
    if (!absent.includes(n))
      chain.set(e.input.subjectKey, { score: 1, scoreModel: "0x", asOf: e.input.asOf, recordHash: e.input.recordHash });
  });
  return entries;
}

describe("reconcileHistory", () => {
  it("leaves a confirmed tombstone and the confirmed updates of an erased subject alone (absent by design)", async () => {
    const { deps, outbox, chain } = await setup(10);
    const [erased, tombstone] = await confirmed(outbox, chain, 2, [0, 1]);
    const at = "2026-11-22T09:30:00.000Z";
    outbox.entries.set(erased!.updateId, {
      ...outbox.entries.get(erased!.updateId)!,
      record: null,
      salt: null,
      erasedAt: at,
    });
    outbox.entries.set(tombstone!.updateId, { ...outbox.entries.get(tombstone!.updateId)!, kind: "erasure" });
    expect(await reconcileHistory(deps)).toEqual([]);
    expect(outbox.entries.get(tombstone!.updateId)?.status).toBe("confirmed");
  });

  it("re-drives confirmed records absent on chain, and leaves those on chain or replaced by a newer one", async () => {
    const { deps, outbox, chain } = await setup(100);
    const entries = await confirmed(outbox, chain, 3, [1, 2]);
    const newer = entries[2]!;
    chain.set(newer.input.subjectKey, { score: 2, scoreModel: "0x", asOf: newer.input.asOf + 1n, recordHash: "0x01" });
    const findings = await reconcileHistory(deps);
    expect(findings.map((f) => [f.kind, f.updateId, f.repaired])).toEqual([
      ["confirmed-absent-on-chain", entries[1]!.updateId, true],
    ]);
    expect([...outbox.pendingIds]).toEqual([entries[1]!.updateId]);
    expect(outbox.entries.get(entries[1]!.updateId)?.status).toBe("accepted");
  });

  it("never writes again a record whose RecordUpserted event is in its block: alerts, repairs nothing", async () => {
    const { deps, outbox, chain, events } = await setup(100);
    const [entry] = await confirmed(outbox, chain, 1, [0]);
    events.set(entry!.updateIdHash, { recordHash: entry!.input.recordHash });
    const findings = await reconcileHistory(deps);
    expect(findings).toMatchObject([{ kind: "confirmed-absent-on-chain", updateId: entry!.updateId, repaired: false }]);
    expect(findings[0]?.detail).toContain(`block ${BLOCK}`);
    expect([...outbox.pendingIds]).toEqual([]);
    expect(outbox.entries.get(entry!.updateId)?.status).toBe("confirmed");
  });

  it("checks at most historyPerRun a run, continuing from its checkpoint, then starts the window again", async () => {
    const { deps, outbox, chain, reads } = await setup(4);
    const entries: OutboxEntry[] = await confirmed(outbox, chain, 10, [7]);
    const runs: number[] = [];
    const found: string[] = [];
    for (let run = 0; run < 4; run++) {
      reads.length = 0;
      found.push(...(await reconcileHistory(deps)).map((f) => f.updateId!));
      runs.push(reads.length);
    }
    expect(runs).toEqual([4, 4, 2, 0]);
    expect(found).toEqual([entries[7]!.updateId]);
    reads.length = 0;
    await reconcileHistory(deps);
    expect(reads).toEqual(entries.slice(0, 4).map((e) => e.input.subjectKey));
  });

  it("stops at its deadline between pages of 50, and the next run continues from the checkpoint", async () => {
    const { deps, outbox, chain, clock, reads } = await setup(500);
    const entries = await confirmed(outbox, chain, 55, []);
    const getRecord = deps.ledger.getRecord;
    deps.ledger.getRecord = async (subjectKey: string) => (clock.advance(1_000), getRecord(subjectKey));
    await reconcileHistory(deps, new Date(clock.now().getTime() + 30_000)); // past it after the first page
    expect(reads).toEqual(entries.slice(0, 50).map((e) => e.input.subjectKey));
    reads.length = 0;
    await reconcileHistory(deps, new Date(clock.now().getTime() + 30_000));
    expect(reads).toEqual(entries.slice(50).map((e) => e.input.subjectKey));
  });

  it("reads nothing older than the look-back window", async () => {
    const { deps, outbox, chain, clock, reads } = await setup(100);
    await confirmed(outbox, chain, 5, [0, 1, 2, 3, 4]);
    clock.advance(2 * 86_400_000);
    expect(await reconcileHistory(deps)).toEqual([]);
    expect(reads).toEqual([]);
  });
});
