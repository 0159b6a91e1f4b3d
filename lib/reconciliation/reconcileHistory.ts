// Outbox history ⇄ chain: confirmed updates whose record is not on chain (nor replaced by a newer one) are put back
// in the queue for a new batch, unless their RecordUpserted event is in the block they were confirmed in: then the
// record was written, writing it again would give the update a second final result, and the finding is an alert
// for an operator (state that disagrees with the chain's own events) with nothing repaired. The final outcomes of
// the look-back window are walked in order of their final time, at most `historyPerRun` a run, in pages of at most
// PAGE, each checkpointed, until the run's deadline; a walk that reaches the newest starts again at the window's
// beginning, so successive runs cover the whole window whatever its size.
import type { CheckpointStore } from "../ports/distribution.js";
import type { OutboxReader } from "../ports/outbox.js";
import { confirmedOnChain, type Finding } from "../domain/reconciliationReport.js";
import { historyCheckpointKey } from "../domain/distributionKeys.js";
import type { Clock } from "../ports/runtime.js";
import type { Ledger } from "../ports/ledger.js";
import type { OutboxEntry, OutboxStore } from "../ports/outbox.js";

/** What the history walk needs. */
export interface ReconcileHistoryDeps {
  outbox: Pick<OutboxStore, "requeue">;
  outboxReader: OutboxReader;
  ledger: Pick<Ledger, "getRecord" | "upsertedEvents" | "contractAddress">;
  checkpoints: CheckpointStore;
  clock: Clock;
  ownAddress: string;
  settings: { confirmedLookbackInMs: number; historyPerRun: number };
}

/** Updates checked between two checkpoint writes. */
const PAGE = 50;

/** Checks the next stretch of confirmed updates against the chain, until `deadline`, and requeues those absent. */
export async function reconcileHistory(deps: ReconcileHistoryDeps, deadline?: Date): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (let checked = 0; checked < deps.settings.historyPerRun; checked += PAGE) {
    if (deadline && deps.clock.now() >= deadline) break;
    const page = await checkPage(deps, Math.min(PAGE, deps.settings.historyPerRun - checked));
    findings.push(...page.findings);
    if (page.wrapped) break;
  }
  return findings;
}

/** Checks the next `limit` final outcomes from the checkpoint; `wrapped` when the walk reached the newest. */
async function checkPage(
  deps: ReconcileHistoryDeps,
  limit: number,
): Promise<{ findings: Finding[]; wrapped: boolean }> {
  const now = deps.clock.now();
  const key = historyCheckpointKey(deps.ledger.contractAddress);
  const checkpoint = await deps.checkpoints.get(key);
  const since = now.getTime() - deps.settings.confirmedLookbackInMs;
  const from = checkpoint.position ? { after: checkpoint.position } : { since: new Date(since).toISOString() };
  const { entries, next } = await deps.outboxReader.finalized(from, limit);
  // A tombstone, a governance action and an update of a subject erased since have no record in current state.
  const recent = entries.filter(
    (e) =>
      e.status === "confirmed" &&
      Date.parse(e.finalAt ?? e.acceptedAt) >= since &&
      e.kind === undefined &&
      e.erasedAt === undefined,
  );
  const absent: OutboxEntry[] = [];
  const disagreeing: OutboxEntry[] = [];
  for (const entry of recent) {
    // From a node that has the block the record was confirmed in: a lagging one would call it absent.
    const onChain = await deps.ledger.getRecord(entry.input.subjectKey, deps.ownAddress, entry.blockNumber);
    if (confirmedOnChain(entry, onChain)) continue;
    if (await writtenInItsBlock(deps, entry)) disagreeing.push(entry);
    else absent.push(entry);
  }
  if (absent.length > 0)
    await deps.outbox.requeue(
      absent.map((e) => e.updateId),
      now.toISOString(),
    );
  // Nothing newer: the next page starts again at the window's beginning.
  const position = next === null || next === checkpoint.position ? undefined : next;
  await deps.checkpoints.set(key, position ? { nextBlock: 0, position } : { nextBlock: 0 }, checkpoint.version);
  const finding = (e: OutboxEntry, repaired: boolean): Finding => ({
    kind: "confirmed-absent-on-chain",
    severity: "alert",
    repaired,
    updateId: e.updateId,
    txHash: e.txHash,
    ...(repaired ? {} : { detail: `its RecordUpserted event is in block ${e.blockNumber}; not written again` }),
  });
  return {
    findings: [...absent.map((e) => finding(e, true)), ...disagreeing.map((e) => finding(e, false))],
    wrapped: position === undefined,
  };
}

/** Whether the update's RecordUpserted event is in the block it was confirmed in (unknown block: no proof). */
async function writtenInItsBlock(deps: ReconcileHistoryDeps, entry: OutboxEntry): Promise<boolean> {
  if (entry.blockNumber === undefined) return false;
  const events = await deps.ledger.upsertedEvents({
    blockNumber: entry.blockNumber,
    subjectKey: entry.input.subjectKey,
    issuer: deps.ownAddress,
    updateId: entry.updateIdHash,
  });
  return events.some((e) => e.recordHash.toLowerCase() === entry.input.recordHash.toLowerCase());
}
