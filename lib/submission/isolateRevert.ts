// After a batch reverted: finds which records cause the revert by dry-running each on its own (LedgerWriter.dryRun), rejects those with
// the decoded reason and requeues the rest for a new batch (failing those requeued too often).
import type { FinalOutcome, OutboxEntry } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { updatesContent } from "./batchContent.js";
import { returnToQueue, type DropDeps } from "./dropTransaction.js";

/** Rejects the offending records of a reverted batch and requeues the others; returns the counts. */
export async function isolateRevert(
  deps: DropDeps,
  tx: StoredTransaction,
  at: string,
): Promise<Record<string, number>> {
  const entries = (await Promise.all(tx.entries.map((e) => deps.outbox.get(e.updateId)))).filter(
    (e): e is OutboxEntry => e !== null && e.status === "submitted" && e.txHash === tx.hash,
  );
  const verdicts = await Promise.all(entries.map((e) => deps.writer.dryRun(tx.address, updatesContent([e]))));
  const rejected: FinalOutcome[] = [];
  const innocent: OutboxEntry[] = [];
  entries.forEach((entry, i) => {
    const verdict = verdicts[i];
    if (verdict && !verdict.ok) {
      rejected.push({
        updateId: entry.updateId,
        status: "rejected",
        reason: `reverted: ${verdict.reason}`,
        txHash: tx.hash,
        at,
      });
    } else innocent.push(entry);
  });
  await deps.outbox.markFinal(rejected);
  await deps.results.publish(
    rejected.map(({ updateId, status, reason, txHash }) => ({ updateId, status, reason, txHash, at })),
  );
  const { requeued, failed } = await returnToQueue(deps, innocent, `batch ${tx.hash} reverted`);
  return { rejected: rejected.length, requeued: requeued.length, failed: failed.length };
}
