// Outbox history ⇄ chain: confirmed updates whose record is not on chain (nor replaced by a newer one) are put back
// in the queue for a new batch. The final outcomes of the look-back window are walked in order of their final time,
// at most `historyPerRun` a run, from a checkpoint of their own; a walk that reaches the newest starts again at the
// window's beginning, so successive runs cover the whole window whatever its size.
import type { CheckpointStore, OutboxReader } from "../distributionPorts.js";
import { confirmedOnChain, type Finding } from "../domain/reconciliationReport.js";
import { historyCheckpointKey } from "../domain/distributionKeys.js";
import type { Clock, Ledger, OutboxEntry, OutboxStore } from "../ports.js";

/** What the history walk needs. */
export interface ReconcileHistoryDeps {
  outbox: Pick<OutboxStore, "requeue">;
  outboxReader: OutboxReader;
  ledger: Pick<Ledger, "getRecord" | "contractAddress">;
  checkpoints: CheckpointStore;
  clock: Clock;
  ownAddress: string;
  settings: { confirmedLookbackInMs: number; historyPerRun: number };
}

/** Checks the next stretch of confirmed updates against the chain and requeues those absent. */
export async function reconcileHistory(deps: ReconcileHistoryDeps): Promise<Finding[]> {
  const now = deps.clock.now();
  const key = historyCheckpointKey(deps.ledger.contractAddress);
  const checkpoint = await deps.checkpoints.get(key);
  const since = now.getTime() - deps.settings.confirmedLookbackInMs;
  const from = checkpoint.position ? { after: checkpoint.position } : { since: new Date(since).toISOString() };
  const { entries, next } = await deps.outboxReader.finalized(from, deps.settings.historyPerRun);
  const recent = entries.filter((e) => e.status === "confirmed" && Date.parse(e.finalAt ?? e.acceptedAt) >= since);
  const absent: OutboxEntry[] = [];
  for (const entry of recent) {
    // From a node that has the block the record was confirmed in: a lagging one would call it absent.
    const onChain = await deps.ledger.getRecord(entry.input.subjectKey, deps.ownAddress, entry.blockNumber);
    if (!confirmedOnChain(entry, onChain)) absent.push(entry);
  }
  if (absent.length > 0)
    await deps.outbox.requeue(
      absent.map((e) => e.updateId),
      now.toISOString(),
    );
  // Nothing newer: the next run starts again at the window's beginning.
  const position = next === null || next === checkpoint.position ? undefined : next;
  await deps.checkpoints.set(key, position ? { nextBlock: 0, position } : { nextBlock: 0 }, checkpoint.version);
  return absent.map((e) => ({
    kind: "confirmed-absent-on-chain",
    severity: "alert",
    repaired: true,
    updateId: e.updateId,
    txHash: e.txHash,
  }));
}
