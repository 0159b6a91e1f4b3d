// The submitter's dry-run of a governance action before it takes a nonce: an action the registry refuses on the
// state the bank saw when it asked, or later (not a member, already approved, unknown proposal…), ends `failed`
// with the revert in plain words and its one result, and spends no nonce. Any other error fails the step, which is
// retried with back-off (DESIGN §6.4). A refusal that only shows once the transaction is mined is failGovernance's.
import { describeGovernanceRevert } from "../domain/governance.js";
import type { FinalOutcome, OutboxEntry } from "../ports.js";
import type { SubmitDeps } from "../submission/submitDeps.js";
import { governanceData } from "./governanceCall.js";

/** Ends the batch's governance action if the registry refuses it; returns its id then, else null (send it). */
export async function endRefusedAction(
  deps: Pick<SubmitDeps, "ledger" | "outbox" | "results" | "clock">,
  address: string,
  batch: readonly OutboxEntry[],
): Promise<string | null> {
  const [entry] = batch;
  if (batch.length !== 1 || entry?.kind !== "governance") return null;
  const data = governanceData(deps.ledger, entry);
  const verdict = await deps.ledger.simulateCall(address, data, entry.governance?.seenAtBlock);
  if (verdict.ok) return null;
  const at = deps.clock.now().toISOString();
  const outcome: FinalOutcome = {
    updateId: entry.updateId,
    status: "failed",
    reason: describeGovernanceRevert(verdict.reason),
    at,
  };
  await deps.outbox.markFinal([outcome]);
  await deps.outbox.unlist([entry]);
  await deps.results.publish([outcome]);
  return entry.updateId;
}
