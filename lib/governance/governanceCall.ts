// The transaction a governance action is sent as: `propose(action, account)` or `approve(proposalId)` to the
// registry, with a fixed gas limit that covers the most such a call can cost (a proposal that executes at once and
// adds a member, with the approvals of a large consortium counted).
import type { Ledger } from "../ports/ledger.js";
import type { OutboxEntry } from "../ports/outbox.js";
import { AppError } from "../domain/appError.js";

/** Gas limit of a governance transaction; free-gas Besu charges nothing, so the bound only has to be safe. */
export const GOVERNANCE_GAS_LIMIT = 600_000n;

/** Calldata of an entry's governance action (INVALID_MESSAGE for an entry without one). */
export function governanceData(ledger: Pick<Ledger, "encodePropose" | "encodeApprove">, entry: OutboxEntry): string {
  const action = entry.governance;
  if (!action) throw new AppError("INVALID_MESSAGE", `governance entry ${entry.updateId} holds no action`);
  return action.type === "propose"
    ? ledger.encodePropose(action.change, action.account)
    : ledger.encodeApprove(action.proposalId);
}

/** The call of a governance entry, as batchCall answers for a batch. */
export function governanceCall(
  ledger: Pick<Ledger, "encodePropose" | "encodeApprove">,
  entry: OutboxEntry,
): { data: string; gasLimit: bigint; kind: "governance" } {
  return { data: governanceData(ledger, entry), gasLimit: GOVERNANCE_GAS_LIMIT, kind: "governance" };
}
