// Gives up on a transaction that can never be mined (its nonce was used by other bytes, or a node refused it for
// good): marks it dropped, returns its updates to the queue for a new batch, and fails those that have already
// been requeued too often, so nothing is retried forever.
import type {
  Clock,
  Ledger,
  OutboxEntry,
  OutboxStore,
  ResultPublisher,
  StoredTransaction,
  TransactionStore,
} from "../ports.js";

/** Requeues after which an update fails instead of going back to the queue. */
export const MAX_REQUEUES = 5;

/** What dropping needs. */
export interface DropDeps {
  outbox: OutboxStore;
  transactions: TransactionStore;
  ledger: Ledger;
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
  const entries = await Promise.all(tx.entries.map((e) => deps.outbox.get(e.updateId)));
  const inFlight = entries.filter((e): e is OutboxEntry => e?.status === "submitted" && e.txHash === tx.hash);
  const outcome = await returnToQueue(deps, inFlight, `transaction ${tx.hash}: ${reason}`);
  await advanceNonceToChain(deps, tx.address);
  return outcome;
}

/** Requeues entries for a new batch; those already requeued {@link MAX_REQUEUES} times fail with `reason`. */
export async function returnToQueue(
  deps: Pick<DropDeps, "outbox" | "results" | "clock">,
  entries: readonly OutboxEntry[],
  reason: string,
): Promise<{ requeued: string[]; failed: string[] }> {
  const at = deps.clock.now().toISOString();
  const exhausted = (e: OutboxEntry): boolean => (e.requeues ?? 0) >= MAX_REQUEUES;
  const requeued = entries.filter((e) => !exhausted(e)).map((e) => e.updateId);
  const failed = entries.filter(exhausted).map((e) => e.updateId);
  const why = `gave up after ${MAX_REQUEUES} attempts; last: ${reason}`;
  await deps.outbox.requeue(requeued, at);
  await deps.outbox.markFinal(failed.map((updateId) => ({ updateId, status: "failed" as const, reason: why, at })));
  await deps.results.publish(failed.map((updateId) => ({ updateId, status: "failed" as const, reason: why, at })));
  return { requeued, failed };
}

/** Moves our next nonce up to the chain's when the chain is ahead (our nonce was used elsewhere). */
export async function advanceNonceToChain(
  deps: Pick<DropDeps, "transactions" | "ledger">,
  address: string,
): Promise<{ ours: number; chain: number; advanced: boolean }> {
  const [{ nonce: ours, version }, chain] = await Promise.all([
    deps.transactions.nextNonce(address),
    deps.ledger.nonceOf(address, "latest"),
  ]);
  if (chain <= ours) return { ours, chain, advanced: false };
  await deps.transactions.setNextNonce(address, chain, version);
  return { ours, chain, advanced: true };
}
