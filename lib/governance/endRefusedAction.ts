// The submitter's dry-run of a governance action before it takes a nonce: an action the registry refuses on the
// state the bank saw when it asked, or later (not a member, already approved, unknown proposal…), ends `failed`
// with the revert in plain words and its one result, and spends no nonce; so does an entry that cannot be encoded
// (it must never stop the submitter). A retryable error fails the step, which is retried with back-off (DESIGN
// §6.4). A refusal that only shows once the transaction is mined is failGovernance's.
import { isAppError } from "../domain/appError.js";
import { describeGovernanceRevert } from "../domain/governance.js";
import type { FinalOutcome, OutboxEntry } from "../ports/outbox.js";
import type { SubmitDeps } from "../submission/submitDeps.js";
import { governanceContent } from "../submission/batchContent.js";

/** Ends the batch's governance action if it cannot or may not be sent; returns its id then, else null (send it). */
export async function endRefusedAction(
  deps: Pick<SubmitDeps, "writer" | "outbox" | "results" | "clock">,
  address: string,
  batch: readonly OutboxEntry[],
): Promise<string | null> {
  const [entry] = batch;
  if (batch.length !== 1 || entry?.kind !== "governance") return null;
  const refusal = await dryRun(deps, address, entry);
  if (refusal === null) return null;
  const outcome: FinalOutcome = {
    updateId: entry.updateId,
    status: "failed",
    reason: refusal,
    at: deps.clock.now().toISOString(),
  };
  await deps.outbox.markFinal([outcome]);
  await deps.outbox.unlist([entry]);
  await deps.results.publish([outcome]);
  return entry.updateId;
}

/** Why the action may not be sent, or null when the registry would take it. */
async function dryRun(deps: Pick<SubmitDeps, "writer">, address: string, entry: OutboxEntry): Promise<string | null> {
  try {
    const content = governanceContent(entry);
    const verdict = await deps.writer.dryRun(address, content, entry.governance?.seenAtBlock);
    return verdict.ok ? null : describeGovernanceRevert(verdict.reason);
  } catch (error) {
    if (!isAppError(error) || error.retryable) throw error;
    return `cannot be sent: ${error.message}`;
  }
}
