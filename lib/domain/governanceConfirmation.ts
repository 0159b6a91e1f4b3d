// Decides what a governance transaction's receipt means: like a batch's (pending, replaced, awaiting depth,
// reverted), except that a mined one is confirmed by its own membership event (MembershipProposed and
// MembershipApproved by our address for a proposal, MembershipApproved of the proposal for an approval), never by
// `status = 1` alone.
import { assessConfirmation, type AssessmentInput, type ConfirmationAssessment } from "./confirmation.js";
import { governanceResult, type GovernanceAction } from "./governanceChain.js";

/** The assessment of a governance transaction carrying `action` (its batch is the action's one entry). */
export function assessGovernanceConfirmation(input: AssessmentInput, action: GovernanceAction): ConfirmationAssessment {
  const base = assessConfirmation(input);
  const [entry] = input.batch;
  if ((base.status !== "confirmed" && base.status !== "unmatched") || !entry || !input.receipt) return base;
  const matched = governanceResult(action, input.receipt.governance ?? [], input.issuer);
  if (!matched) return { status: "unmatched", blockNumber: base.blockNumber, outcomes: [], missing: [entry.updateId] };
  const outcome = { updateId: entry.updateId, status: "confirmed" as const, logIndex: matched.logIndex };
  return {
    status: "confirmed",
    blockNumber: base.blockNumber,
    blockHash: input.receipt.blockHash,
    outcomes: [outcome],
  };
}
