// Gives up on a transaction that can never be mined (its nonce was used by other bytes, or a node refused it for
// good): marks it dropped, returns its updates to the queue for a new batch, and fails those that have already
// been requeued too often, so nothing is retried forever. The status is the commit point: a drop cut short after it
// (storage gone, the host killed) is completed by whoever looks next — the confirmation check that finds the
// transaction dropped returns the updates still submitted under it (the soak found 282 stranded so for 30 minutes).
import type { Clock } from "../ports/runtime.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { OutboxEntry, OutboxStore } from "../ports/outbox.js";
import type { ResultPublisher, StoredTransaction, TransactionStore } from "../ports/submission.js";

/** Requeues after which an update fails instead of going back to the queue. */
export const MAX_REQUEUES = 5;

/** What dropping needs. */
export interface DropDeps {
  outbox: OutboxStore;
  transactions: TransactionStore;
  writer: LedgerWriter;
  results: ResultPublisher;
  clock: Clock;
}

/** Drops `tx` for `reason`; returns the update ids requeued and failed. */
export async function dropTransaction(
  deps: DropDeps,
  tx: StoredTransaction,
  reason: string,
): Promise<{ requeued: string[]; failed: string[] }> {
  await deps.transactions.update(tx.address, tx.nonce, { status: "dropped" });
  const outcome = await returnStranded(deps, tx, `transaction ${tx.hash}: ${reason}`);
  await advanceNonceToChain(deps, tx.address);
  return outcome;
}

/**
 * Returns to the queue the updates still submitted under the dropped `tx` (none when its drop completed).
 * Idempotent: run by the drop, and again by whoever finds the transaction dropped later.
 */
export async function returnStranded(
  deps: Omit<DropDeps, "writer">,
  tx: StoredTransaction,
  reason: string,
): Promise<{ requeued: string[]; failed: string[] }> {
  const entries = await Promise.all(tx.entries.map((e) => deps.outbox.get(e.updateId)));
  const inFlight = entries.filter((e): e is OutboxEntry => e?.status === "submitted" && e.txHash === tx.hash);
  return returnToQueue(deps, inFlight, reason);
}

/**
 * Requeues entries for a new batch; those already requeued {@link MAX_REQUEUES} times fail with `reason`, and updates
 * of an erased subject fail with {@link ERASED_REASON} (sent again, they would write the erased record back after
 * its tombstone).
 */
export async function returnToQueue(
  deps: { outbox: Pick<OutboxStore, "requeue" | "markFinal">; results: ResultPublisher; clock: Clock },
  entries: readonly OutboxEntry[],
  reason: string,
): Promise<{ requeued: string[]; failed: string[] }> {
  const at = deps.clock.now().toISOString();
  const erased = (e: OutboxEntry): boolean => e.erasedAt !== undefined && e.kind !== "erasure";
  const exhausted = (e: OutboxEntry): boolean => (e.requeues ?? 0) >= MAX_REQUEUES;
  const requeued = entries.filter((e) => !erased(e) && !exhausted(e)).map((e) => e.updateId);
  const why = `gave up after ${MAX_REQUEUES} attempts; last: ${reason}`;
  const failures = entries.flatMap((e) =>
    erased(e) || exhausted(e)
      ? [{ updateId: e.updateId, status: "failed" as const, reason: erased(e) ? ERASED_REASON : why, at }]
      : [],
  );
  await deps.outbox.requeue(requeued, at);
  await deps.outbox.markFinal(failures);
  await deps.results.publish(failures);
  return { requeued, failed: failures.map((f) => f.updateId) };
}

/** The final reason of an update that ended because its subject was erased before it reached the chain. */
export const ERASED_REASON = "subject erased on request before this update reached the chain";

/** Moves our next nonce up to the ledger's when the ledger is ahead (our nonce was used elsewhere). */
export async function advanceNonceToChain(
  deps: Pick<DropDeps, "transactions" | "writer">,
  address: string,
): Promise<{ ours: number; chain: number; advanced: boolean }> {
  const [{ nonce: ours, version }, chain] = await Promise.all([
    deps.transactions.nextNonce(address),
    deps.writer.slotsUsed(address),
  ]);
  if (chain <= ours) return { ours, chain, advanced: false };
  await deps.transactions.setNextNonce(address, chain, version);
  return { ours, chain, advanced: true };
}
