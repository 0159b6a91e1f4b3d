// The submitter's step, run by the one writer of a signing key: finish any submission a crash left prepared but
// unannounced, then choose the next batch, assign its slot (nonce) at source, have the ledger writer prepare it,
// store the prepared bytes together with the slot, mark its updates submitted, and only then submit
// (submitIsolating: a record no submission can carry is failed, never looped on). A governance action goes alone,
// after a dry-run: one the registry refuses ends failed without taking a slot.
import type { OutboxEntry, OutboxStore } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { announce } from "./announceTransaction.js";
import { nextOfOneKind } from "./batchContent.js";
import { endErased } from "./endErased.js";
import { endRefusedAction } from "../governance/endRefusedAction.js";
import { returnStranded } from "./dropTransaction.js";
import type { SubmitDeps, SubmittedBatch } from "./submitDeps.js";
import { submitIsolating } from "./submitIsolating.js";

export type { SubmitDeps, SubmittedBatch } from "./submitDeps.js";

/**
 * What the step did: transactions it finished or created, oldest first (empty when there was nothing to do), and
 * the updates it failed: no transaction could carry them, or their subject was erased while they waited.
 */
export interface SubmitResult {
  submitted: SubmittedBatch[];
  failed: string[];
  /** A governance action the registry refused on the dry-run (ended `failed`, no nonce taken). */
  refused?: string;
}

/** Runs one submitter step. A CONFLICT error means another writer holds the key: stop and let it work. */
export async function submitNextBatch(deps: SubmitDeps): Promise<SubmitResult> {
  const address = await deps.writer.account();
  // Read the nonce first: a transaction another writer stores after this read makes our commit fail, and one it
  // stored before is visible below: finished if it was left signed, and its updates never batched again.
  const { nonce, version } = await deps.transactions.nextNonce(address);
  const submitted: SubmittedBatch[] = [];
  const unfinished = await deps.transactions.unfinished(address);
  const live: StoredTransaction[] = [];
  for (const tx of unfinished) {
    const again = tx.status === "signed" ? await announceAgain(deps, tx) : null;
    if (again) submitted.push(again.batch);
    if (!again?.dropped) live.push(tx);
  }
  const { rest, ended } = await endErased(deps, await claimable(deps, live));
  const pending = nextOfOneKind(rest);
  const batch = pending.slice(0, deps.writer.recordsPerBatch);
  if (batch.length === 0) return { submitted, failed: ended };
  const refused = await endRefusedAction(deps, address, batch);
  if (refused !== null) return { submitted, failed: ended, refused };
  const failed: string[] = [...ended];
  const first = () => ({ nonce, version });
  const tombstoneInFlight = unfinished.some((tx) => tx.kind === "erasure") || batch.some((e) => e.kind === "erasure");
  await submitIsolating(deps, { address, batch, nonceOf: first, submitted, failed, tombstoneInFlight });
  return { submitted, failed };
}

/**
 * The pending entries no live transaction carries. Read after the unfinished transactions, never alongside: a batch
 * another writer stored before our nonce read is either still unfinished (its updates are left out here, and their
 * stale listings removed) or already announced, which took its updates off the pending list before this read.
 */
async function claimable(deps: SubmitDeps, unfinished: readonly StoredTransaction[]): Promise<OutboxEntry[]> {
  const inFlight = new Set(unfinished.flatMap((tx) => tx.entries.map((e) => e.updateId)));
  const listed = await deps.outbox.pending(deps.settings.batch.maxRecords);
  const stale = listed.filter((e) => inFlight.has(e.updateId));
  if (stale.length > 0) await deps.outbox.unlist(stale);
  return listed.filter((e) => !inFlight.has(e.updateId));
}

/**
 * Announces again a transaction stored by an earlier step that never reached a node (a crash mid-announcement, or
 * every endpoint unreachable). Its confirmation monitor may be deciding about it at the same time, so only updates
 * still `accepted` (never marked) are marked; and if the monitor dropped it meanwhile — requeuing the updates it
 * found submitted, perhaps before they were marked here again — the updates now marked with its hash go back to the
 * queue too, so none stays submitted with a transaction that will never be mined (found by the soak).
 */
async function announceAgain(
  deps: SubmitDeps,
  tx: StoredTransaction,
): Promise<{ batch: SubmittedBatch; dropped: boolean }> {
  const entries = await entriesOf(deps.outbox, tx);
  const batch = await announce(
    deps,
    tx,
    entries,
    entries.filter((e) => e.status === "accepted"),
  );
  if ((await deps.transactions.get(tx.address, tx.nonce))?.status !== "dropped") return { batch, dropped: false };
  await returnStranded(deps, tx, `transaction ${tx.hash} was dropped while it was announced again`);
  return { batch, dropped: true };
}

async function entriesOf(outbox: OutboxStore, tx: StoredTransaction): Promise<OutboxEntry[]> {
  const entries = await Promise.all(tx.entries.map((e) => outbox.get(e.updateId)));
  return entries.filter((e): e is OutboxEntry => e !== null);
}
