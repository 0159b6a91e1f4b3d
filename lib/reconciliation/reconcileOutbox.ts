// Outbox ⇄ chain: accepted updates that were never batched are re-listed as pending (idempotent), updates submitted
// too long ago are reported, and confirmed updates whose record is not on chain (nor replaced by a newer one), as a
// node holding their block says, are put back in the queue for a new batch.
import type { OutboxReader } from "../distributionPorts.js";
import {
  confirmedOnChain,
  staleAccepted,
  staleSubmitted,
  type Finding,
  type OutboxThresholds,
} from "../domain/reconciliationReport.js";
import { isAppError } from "../domain/appError.js";
import type { Clock, Ledger, OutboxEntry, OutboxStore } from "../ports.js";

/** What the outbox check needs. */
export interface ReconcileOutboxDeps {
  outbox: Pick<OutboxStore, "ensurePending" | "requeue">;
  outboxReader: OutboxReader;
  ledger: Pick<Ledger, "getRecord">;
  clock: Clock;
  ownAddress: string;
  settings: OutboxThresholds & { scanLimit: number; confirmedLookbackInMs: number };
}

/** Checks the outbox against the chain and repairs what is safe. */
export async function reconcileOutbox(deps: ReconcileOutboxDeps): Promise<Finding[]> {
  const now = deps.clock.now();
  const open = await deps.outboxReader.scan(["accepted", "submitted"], deps.settings.scanLimit);
  const findings: Finding[] = [];
  for (const entry of staleAccepted(open, now, deps.settings)) {
    await deps.outbox.ensurePending(entry);
    findings.push({ kind: "accepted-not-batched", severity: "warning", repaired: true, updateId: entry.updateId });
  }
  for (const entry of staleSubmitted(open, now, deps.settings)) {
    const { updateId, txHash, nonce } = entry;
    findings.push({ kind: "submitted-too-long", severity: "warning", repaired: false, updateId, txHash, nonce });
  }
  const since = now.getTime() - deps.settings.confirmedLookbackInMs;
  const confirmed = (await deps.outboxReader.scan(["confirmed"], deps.settings.scanLimit)).filter(
    (e) => Date.parse(e.finalAt ?? e.acceptedAt) >= since,
  );
  const absent = [];
  for (const entry of confirmed) if (await absentOnChain(deps, entry)) absent.push(entry);
  if (absent.length > 0)
    await deps.outbox.requeue(
      absent.map((e) => e.updateId),
      now.toISOString(),
    );
  for (const e of absent) {
    findings.push({
      kind: "confirmed-absent-on-chain",
      severity: "alert",
      repaired: true,
      updateId: e.updateId,
      txHash: e.txHash,
    });
  }
  return findings;
}

/**
 * Whether a confirmed entry's record is missing on chain, read from a node that holds the entry's block: a node
 * behind it would report a record it has not imported yet as missing. When no node holds it, it is unknown: not now.
 */
async function absentOnChain(deps: ReconcileOutboxDeps, entry: OutboxEntry): Promise<boolean> {
  try {
    const onChain = await deps.ledger.getRecord(entry.input.subjectKey, deps.ownAddress, {
      atLeastBlock: entry.blockNumber,
    });
    return !confirmedOnChain(entry, onChain);
  } catch (error) {
    if (isAppError(error, "NODE_BEHIND")) return false;
    throw error;
  }
}
