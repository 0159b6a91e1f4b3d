// Outbox ⇄ pipeline: accepted updates that were never batched are re-listed as pending (idempotent); updates
// submitted under a dropped transaction more than a minute ago go back to the queue (the drop that should have
// requeued them lost a race or was cut short), and updates submitted too long ago are reported. Reads the entries
// not yet final (the outbox's open index), never its history; confirmed updates are checked against the chain by
// reconcileHistory.
import type { OutboxEntry, OutboxReader } from "../ports/outbox.js";
import { staleAccepted, staleSubmitted, type Finding, type OutboxThresholds } from "../domain/reconciliationReport.js";
import type { Clock } from "../ports/runtime.js";
import type { OutboxStore } from "../ports/outbox.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { ResultPublisher, TransactionStore } from "../ports/submission.js";
import { returnToQueue } from "../submission/dropTransaction.js";

/** How long a drop may take to return its own updates before reconciliation returns those it left. */
const DROP_SETTLES_IN_MS = 60_000;

/** What the outbox check needs. */
export interface ReconcileOutboxDeps {
  outbox: Pick<OutboxStore, "ensurePending" | "requeue" | "markFinal">;
  outboxReader: OutboxReader;
  transactions: Pick<TransactionStore, "get">;
  writer: Pick<LedgerWriter, "account">;
  results: ResultPublisher;
  clock: Clock;
  settings: OutboxThresholds & { scanLimit: number };
}

/** Checks the unfinished entries and repairs what is safe. */
export async function reconcileOutbox(deps: ReconcileOutboxDeps): Promise<Finding[]> {
  const now = deps.clock.now();
  const open = await deps.outboxReader.unfinished(deps.settings.scanLimit);
  const findings: Finding[] = [];
  for (const entry of staleAccepted(open, now, deps.settings)) {
    await deps.outbox.ensurePending(entry);
    findings.push({ kind: "accepted-not-batched", severity: "warning", repaired: true, updateId: entry.updateId });
  }
  // Under a dropped transaction an update is stranded as soon as the drop is done (a minute covers one in progress),
  // so those are looked for among all submitted entries, not only those past the threshold.
  const settled = staleSubmitted(open, now, { ...deps.settings, submittedOlderThanInMs: DROP_SETTLES_IN_MS });
  const stranded = settled.length === 0 ? new Set<string>() : await underDropped(deps, settled);
  for (const entry of staleSubmitted(open, now, deps.settings).filter((e) => !stranded.has(e.updateId))) {
    const { updateId, txHash, nonce } = entry;
    findings.push({ kind: "submitted-too-long", severity: "warning", repaired: false, updateId, txHash, nonce });
  }
  const requeue = settled.filter((e) => stranded.has(e.updateId));
  await returnToQueue(deps, requeue, "its transaction was dropped and the update was left submitted");
  for (const { updateId, txHash, nonce } of requeue) {
    findings.push({ kind: "submitted-under-dropped", severity: "alert", repaired: true, updateId, txHash, nonce });
  }
  return findings;
}

/** The update ids among `entries` whose transaction (ours, by nonce and hash) is dropped. */
async function underDropped(deps: ReconcileOutboxDeps, entries: readonly OutboxEntry[]): Promise<Set<string>> {
  const address = await deps.writer.account();
  const nonces = [...new Set(entries.flatMap((e) => (e.nonce === undefined ? [] : [e.nonce])))];
  const dropped = new Set<string>();
  for (const nonce of nonces) {
    const tx = await deps.transactions.get(address, nonce);
    if (tx?.status === "dropped") dropped.add(tx.hash.toLowerCase());
  }
  return new Set(entries.filter((e) => dropped.has((e.txHash ?? "").toLowerCase())).map((e) => e.updateId));
}
