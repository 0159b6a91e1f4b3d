// After a governance transaction reverted on chain (the state moved between the dry-run and the block: another bank's
// approval executed the proposal first, say): the action ends `failed`, never sent again, with the revert decoded by
// running the same call on the current state; when that call now succeeds, the reason says the block refused it.
import { describeGovernanceRevert } from "../domain/governance.js";
import type { FinalOutcome, OutboxEntry } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import type { DropDeps } from "../submission/dropTransaction.js";
import { governanceContent } from "../submission/batchContent.js";

/** Fails the governance action of the reverted `tx` (mined in `blockNumber`); returns the counts. */
export async function failGovernance(
  deps: DropDeps,
  tx: StoredTransaction,
  blockNumber: number,
): Promise<Record<string, number>> {
  const entries = (await Promise.all(tx.entries.map((e) => deps.outbox.get(e.updateId)))).filter(
    (e): e is OutboxEntry => e !== null && e.status === "submitted" && e.txHash === tx.hash,
  );
  const at = deps.clock.now().toISOString();
  const outcomes: FinalOutcome[] = [];
  for (const entry of entries) {
    const verdict = await deps.writer.dryRun(tx.address, governanceContent(entry), blockNumber);
    const reason = verdict.ok
      ? `reverted in block ${blockNumber} (the call succeeds on the current state: try again)`
      : describeGovernanceRevert(verdict.reason);
    outcomes.push({ updateId: entry.updateId, status: "failed", reason, txHash: tx.hash, blockNumber, at });
  }
  await deps.outbox.markFinal(outcomes);
  await deps.results.publish(outcomes);
  return { failed: outcomes.length };
}
