// Outbox ⇄ pipeline: accepted updates that were never batched are re-listed as pending (idempotent) and updates
// submitted too long ago are reported. Reads the entries not yet final (the outbox's open index), never its history;
// confirmed updates are checked against the chain by reconcileHistory.
import type { OutboxReader } from "../ports/outbox.js";
import { staleAccepted, staleSubmitted, type Finding, type OutboxThresholds } from "../domain/reconciliationReport.js";
import type { Clock } from "../ports/runtime.js";
import type { OutboxStore } from "../ports/outbox.js";

/** What the outbox check needs. */
export interface ReconcileOutboxDeps {
  outbox: Pick<OutboxStore, "ensurePending">;
  outboxReader: OutboxReader;
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
  for (const entry of staleSubmitted(open, now, deps.settings)) {
    const { updateId, txHash, nonce } = entry;
    findings.push({ kind: "submitted-too-long", severity: "warning", repaired: false, updateId, txHash, nonce });
  }
  return findings;
}
