// Announces a stored transaction: marks its updates submitted, then broadcasts its exact bytes.
import type { OutboxEntry } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { broadcastStored } from "./broadcastStored.js";
import { dropTransaction } from "./dropTransaction.js";
import type { SubmitDeps, SubmittedBatch } from "./submitDeps.js";

/**
 * Marks the updates submitted (`toMark`: all of them, unless announcing again), then broadcasts. An unreachable
 * chain is left to the confirmation monitor; a node's final verdict drops the transaction and requeues its updates.
 */
export async function announce(
  deps: SubmitDeps,
  tx: StoredTransaction,
  entries: OutboxEntry[],
  toMark: OutboxEntry[] = entries,
): Promise<SubmittedBatch> {
  const at = deps.clock.now().toISOString();
  if (toMark.length > 0) await deps.outbox.markSubmitted(toMark, { txHash: tx.hash, nonce: tx.nonce, at });
  const outcome = await broadcastStored(deps, tx);
  if (outcome.status === "rejected") await dropTransaction(deps, tx, outcome.error.message);
  const updateIds = tx.entries.map((e) => e.updateId);
  const receivedAt = entries.map((e) => e.receivedAt);
  return { address: tx.address, nonce: tx.nonce, txHash: tx.hash, updateIds, receivedAt, broadcast: outcome.status };
}
