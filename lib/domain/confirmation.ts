// Decides what a batch transaction's receipt means for each update in it. A status of 1 proves nothing on its own
// (the reference contract "succeeded" for non-members): every update must be matched by its own business event,
// emitted by our issuer address, before it counts as confirmed.
import type { LedgerReceipt, RecordEvent } from "./ledgerTypes.js";

/** One update as it was put into a batch transaction. */
export interface BatchEntry {
  updateId: string;
  /** keccak256(updateId), as the contract emits it. */
  updateIdHash: string;
  subjectKey: string;
}

/** The final outcome of one update in a mined batch. */
export type UpdateOutcome =
  | { updateId: string; status: "confirmed"; logIndex: number }
  | { updateId: string; status: "superseded"; logIndex: number; reason: "stale" | "same-asOf" };

/** What the receipt (or its absence) means for the batch. */
export type ConfirmationAssessment =
  | { status: "pending" }
  | { status: "replaced" }
  | { status: "awaiting-depth"; blockNumber: number; confirmations: number }
  | { status: "confirmed"; blockNumber: number; blockHash: string; outcomes: UpdateOutcome[] }
  | { status: "reverted"; blockNumber: number }
  | { status: "unmatched"; blockNumber: number; outcomes: UpdateOutcome[]; missing: string[] };

/** Inputs of {@link assessConfirmation}. */
export interface AssessmentInput {
  batch: readonly BatchEntry[];
  receipt: LedgerReceipt | null;
  headBlock: number;
  /** Blocks the receipt's block must be buried under, counting itself (1 = final when mined, as in QBFT). */
  requiredConfirmations: number;
  issuer: string;
  /**
   * The node's canonical hash at the receipt's height (read with the receipt, from the same node); a different
   * hash means the receipt's block was reorged away.
   */
  canonicalHash?: string | null;
  /** Our nonce and the sender's mined nonce on the node that gave the receipt. */
  nonce?: { ours: number; mined: number };
}

/** Matches a receipt's business events to the batch, once it is deep enough. */
export function assessConfirmation(input: AssessmentInput): ConfirmationAssessment {
  const { receipt } = input;
  // No receipt from a node whose mined nonce is past ours: other bytes used the nonce (DESIGN §6.2).
  if (!receipt)
    return input.nonce && input.nonce.mined > input.nonce.ours ? { status: "replaced" } : { status: "pending" };
  const confirmations = input.headBlock - receipt.blockNumber + 1;
  if (confirmations < input.requiredConfirmations) {
    return { status: "awaiting-depth", blockNumber: receipt.blockNumber, confirmations };
  }
  if (input.canonicalHash !== undefined && input.canonicalHash !== receipt.blockHash) return { status: "pending" };
  if (receipt.status === "reverted") return { status: "reverted", blockNumber: receipt.blockNumber };
  const byUpdate = indexEvents(receipt.events, input.issuer);
  const outcomes: UpdateOutcome[] = [];
  const missing: string[] = [];
  for (const entry of input.batch) {
    const event = byUpdate.get(`${entry.updateIdHash}|${entry.subjectKey}`.toLowerCase());
    if (!event) missing.push(entry.updateId);
    else outcomes.push(outcomeOf(entry.updateId, event));
  }
  if (missing.length > 0) return { status: "unmatched", blockNumber: receipt.blockNumber, outcomes, missing };
  return { status: "confirmed", blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, outcomes };
}

function indexEvents(events: readonly RecordEvent[], issuer: string): Map<string, RecordEvent> {
  const index = new Map<string, RecordEvent>();
  for (const event of events) {
    if (event.issuer.toLowerCase() !== issuer.toLowerCase()) continue;
    index.set(`${event.updateId}|${event.subjectKey}`.toLowerCase(), event);
  }
  return index;
}

function outcomeOf(updateId: string, event: RecordEvent): UpdateOutcome {
  if (event.kind === "upserted" || event.kind === "erased")
    return { updateId, status: "confirmed", logIndex: event.logIndex };
  const reason = event.reason === 1 ? "stale" : "same-asOf";
  return { updateId, status: "superseded", logIndex: event.logIndex, reason };
}
