// One check of a batch transaction, run by its confirmation orchestration on a durable timer until it is final:
// matches the receipt's business events to the batch and reports every update's final status to the bank.
// Not mined → rebroadcast the identical bytes; nonce taken by other bytes → requeue; reverted → isolate the cause.
// Head, receipt and nonce come from one node (LedgerWriter.track), so nodes at different heights never make a
// mined transaction look replaced; and "replaced" must be seen by two checks with a block imported between them,
// since a node importing our block may show our nonce used before it serves the receipt (the soak saw anvil and a
// load balancer do so: eight mined batches dropped and their updates written twice).
import { AppError, type ErrorCode } from "../domain/appError.js";
import { assessConfirmation, type ConfirmationAssessment, type UpdateOutcome } from "../domain/confirmation.js";
import { assessGovernanceConfirmation } from "../domain/governanceConfirmation.js";
import { failGovernance } from "../governance/failGovernance.js";
import type { FinalOutcome } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { broadcastStored } from "./broadcastStored.js";
import { advanceNonceToChain, dropTransaction, returnStranded, type DropDeps } from "./dropTransaction.js";
import { isolateRevert } from "./isolateRevert.js";

/** What a confirmation check needs. */
export interface ConfirmDeps extends DropDeps {
  settings: { confirmations: number; rebroadcastEveryChecks: number };
}

/** Which transaction, and how many checks found it pending before. */
export interface ConfirmInput {
  address: string;
  nonce: number;
  check: number;
}

/** The transaction is still in flight, or it is done and every update in it has its final status (or was requeued). */
export type ConfirmStep =
  | {
      status: "pending";
      rebroadcast: boolean;
      /** Why the last rebroadcast did not reach the chain: retried, and alerted on by the caller after a bound. */
      retrying?: { code: ErrorCode; message: string };
    }
  | {
      status: "final";
      outcome: StoredTransaction["status"];
      blockNumber?: number;
      counts: Record<string, number>;
      /** From signing to the final status. */
      latencyInMs?: number;
    };

/** Runs one confirmation check. */
export async function confirmTransaction(deps: ConfirmDeps, input: ConfirmInput): Promise<ConfirmStep> {
  const tx = await deps.transactions.get(input.address, input.nonce);
  if (!tx) throw new AppError("NOT_FOUND", `no stored transaction ${input.nonce} of ${input.address}`);
  if (tx.status === "dropped") return completeDrop(deps, tx);
  if (tx.status !== "signed" && tx.status !== "broadcast") return { status: "final", outcome: tx.status, counts: {} };
  const { assessment, headBlock } = await assess(deps, tx);
  const at = deps.clock.now().toISOString();
  switch (assessment.status) {
    case "pending":
      return whilePending(deps, tx, input.check);
    case "replaced":
      return whileReplaced(deps, tx, headBlock);
    case "awaiting-depth":
      return { status: "pending", rebroadcast: false };
    case "confirmed":
      return finish(
        deps,
        tx,
        assessment.blockNumber,
        assessment.outcomes.map((o) => toFinal(o, tx, assessment.blockNumber, at)),
      );
    case "unmatched": {
      const reason =
        tx.kind === "governance"
          ? `no membership event of this action by ${tx.address} in ${tx.hash}`
          : `no RecordUpserted or RecordSkipped event for this update in ${tx.hash}`;
      const missing = assessment.missing.map((updateId): FinalOutcome => ({
        updateId,
        status: "failed",
        reason,
        txHash: tx.hash,
        at,
      }));
      const matched = assessment.outcomes.map((o) => toFinal(o, tx, assessment.blockNumber, at));
      return finish(deps, tx, assessment.blockNumber, [...matched, ...missing]);
    }
    case "reverted": {
      const rejected =
        tx.kind === "governance"
          ? await failGovernance(deps, tx, assessment.blockNumber)
          : await isolateRevert(deps, tx, at);
      await deps.transactions.update(tx.address, tx.nonce, { status: "failed" });
      return { status: "final", outcome: "failed", blockNumber: assessment.blockNumber, counts: rejected };
    }
  }
}

/** What one node's consistent snapshot says about the transaction, and that node's head. */
async function assess(
  deps: ConfirmDeps,
  tx: StoredTransaction,
): Promise<{ assessment: ConfirmationAssessment; headBlock: number }> {
  const { confirmations } = deps.settings;
  const snapshot = await deps.writer.track({ id: tx.hash, account: tx.address, slot: tx.nonce }, confirmations);
  const input = {
    batch: tx.entries,
    receipt: snapshot.receipt,
    headBlock: snapshot.headBlock,
    requiredConfirmations: confirmations,
    issuer: tx.address,
    canonicalHash: snapshot.canonicalHash,
    nonce: { ours: tx.nonce, mined: snapshot.slotsUsed },
  };
  const action =
    tx.kind === "governance" ? (await deps.outbox.get(tx.entries[0]?.updateId ?? ""))?.governance : undefined;
  const assessment = action ? assessGovernanceConfirmation(input, action) : assessConfirmation(input);
  return { assessment, headBlock: snapshot.headBlock };
}

async function whilePending(deps: ConfirmDeps, tx: StoredTransaction, check: number): Promise<ConfirmStep> {
  const due =
    tx.status === "signed" || check % deps.settings.rebroadcastEveryChecks === deps.settings.rebroadcastEveryChecks - 1;
  if (!due) return { status: "pending", rebroadcast: false };
  const outcome = await broadcastStored(deps, tx);
  if (outcome.status === "sent") return { status: "pending", rebroadcast: true };
  if (outcome.status === "unreachable") {
    const retrying = { code: outcome.error.code, message: outcome.error.message };
    return { status: "pending", rebroadcast: true, retrying };
  }
  return drop(deps, tx, outcome.error.message);
}

/**
 * Our nonce used and no receipt of ours: dropped only when a check at a later block than the first that saw it
 * agrees (the head of that first sighting is kept on the transaction's row, so restarts and replays keep it).
 */
async function whileReplaced(deps: ConfirmDeps, tx: StoredTransaction, headBlock: number): Promise<ConfirmStep> {
  const since = tx.replacedAtBlock;
  if (since !== undefined && headBlock > since) {
    return drop(deps, tx, `its nonce was used by another transaction (seen at blocks ${since} and ${headBlock})`);
  }
  if (since === undefined) await deps.transactions.update(tx.address, tx.nonce, { replacedAtBlock: headBlock });
  return { status: "pending", rebroadcast: false };
}

/** Found dropped (by an earlier check or the submitter): completes the drop if it was cut short. */
async function completeDrop(deps: ConfirmDeps, tx: StoredTransaction): Promise<ConfirmStep> {
  const { requeued, failed } = await returnStranded(deps, tx, `transaction ${tx.hash} was dropped`);
  if (requeued.length + failed.length > 0) await advanceNonceToChain(deps, tx.address);
  const counts: Record<string, number> =
    requeued.length + failed.length > 0 ? { requeued: requeued.length, failed: failed.length } : {};
  return { status: "final", outcome: "dropped", counts };
}

async function drop(deps: ConfirmDeps, tx: StoredTransaction, reason: string): Promise<ConfirmStep> {
  const { requeued, failed } = await dropTransaction(deps, tx, reason);
  return { status: "final", outcome: "dropped", counts: { requeued: requeued.length, failed: failed.length } };
}

async function finish(
  deps: ConfirmDeps,
  tx: StoredTransaction,
  blockNumber: number,
  outcomes: FinalOutcome[],
): Promise<ConfirmStep> {
  await deps.outbox.markFinal(outcomes);
  await deps.results.publish(
    outcomes.map(({ updateId, status, reason, txHash, at }) => ({ updateId, status, reason, txHash, blockNumber, at })),
  );
  await deps.transactions.update(tx.address, tx.nonce, { status: "confirmed" });
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
  const latencyInMs = deps.clock.now().getTime() - Date.parse(tx.createdAt);
  return { status: "final", outcome: "confirmed", blockNumber, counts, latencyInMs };
}

function toFinal(outcome: UpdateOutcome, tx: StoredTransaction, blockNumber: number, at: string): FinalOutcome {
  const reason =
    outcome.status === "superseded" ? `record ${outcome.reason}: a newer or equal asOf is on chain` : undefined;
  return { updateId: outcome.updateId, status: outcome.status, reason, txHash: tx.hash, blockNumber, at };
}
