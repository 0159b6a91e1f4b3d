// Where a governance action stands, read by its id: pending (waiting for the submitter), submitted (in a signed
// transaction), confirmed (with what it did: the proposal, its approvals and whether it executed, read from the
// transaction's own membership events), or failed (with the revert in plain words). No personal data involved.
import { isGovernanceId } from "../domain/governance.js";
import { governanceResult, type GovernanceAction, type GovernanceResult } from "../domain/governanceChain.js";
import { AppError } from "../domain/appError.js";
import type { TimelineSource } from "../domain/statusTimeline.js";
import type { Ledger } from "../ports/ledger.js";
import type { OutboxStore } from "../ports/outbox.js";

/** What reading an action needs. */
export interface GovernanceActionDeps {
  outbox: Pick<OutboxStore, "get">;
  ledger: Pick<Ledger, "receipt">;
  ownAddress: () => Promise<string>;
}

/** A governance action as the API answers it: its state fields are the outbox entry's. */
export interface GovernanceActionView extends Pick<
  TimelineSource,
  "acceptedAt" | "submittedAt" | "finalAt" | "txHash" | "nonce" | "blockNumber"
> {
  actionId: string;
  action: GovernanceAction;
  status: "pending" | "submitted" | "confirmed" | "failed";
  /** What a confirmed action did. */
  result?: GovernanceResult;
  /** Why a failed action failed. */
  error?: string;
}

/** The action with id `actionId`, or null when there is none. */
export async function getGovernanceAction(
  deps: GovernanceActionDeps,
  actionId: string,
): Promise<GovernanceActionView | null> {
  if (!isGovernanceId(actionId)) return null;
  const entry = await deps.outbox.get(actionId);
  if (entry?.kind !== "governance" || !entry.governance) return null;
  const status =
    entry.status === "accepted"
      ? "pending"
      : entry.status === "confirmed"
        ? "confirmed"
        : entry.status === "submitted"
          ? "submitted"
          : "failed";
  const { acceptedAt, submittedAt, finalAt, txHash, nonce, blockNumber } = entry;
  const view: GovernanceActionView = {
    actionId,
    action: entry.governance,
    status,
    acceptedAt,
    submittedAt,
    finalAt,
    txHash,
    nonce,
    blockNumber,
  };
  if (status === "failed") view.error = entry.reason ?? "failed";
  if (status === "confirmed" && txHash) view.result = await resultOf(deps, entry.governance, txHash);
  return view;
}

/** What the confirmed transaction did, from its receipt (a node that has not imported it yet: NODE_BEHIND, retry). */
async function resultOf(
  deps: GovernanceActionDeps,
  action: GovernanceAction,
  txHash: string,
): Promise<GovernanceResult> {
  const receipt = await deps.ledger.receipt(txHash);
  if (!receipt) throw new AppError("NODE_BEHIND", `no receipt of ${txHash} on this node yet`);
  const matched = governanceResult(action, receipt.governance ?? [], await deps.ownAddress());
  if (!matched) throw new AppError("NOT_FOUND", `no membership event of this action in ${txHash}`);
  const { logIndex: _logIndex, ...result } = matched;
  return result;
}
