// Announces a stored transaction: marks its updates submitted, then broadcasts its exact bytes.
import type { OutboxEntry } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { broadcastStored } from "./broadcastStored.js";
import { dropTransaction } from "./dropTransaction.js";
import type { SubmitDeps, SubmittedBatch } from "./submitDeps.js";

/**
 * Marks the updates submitted, then broadcasts. An unreachable chain is left to the confirmation monitor; a node's
 * final verdict drops the transaction and requeues its updates.
 */
export async function announce(
  deps: SubmitDeps,
  tx: StoredTransaction,
  entries: OutboxEntry[],
): Promise<SubmittedBatch> {
  await deps.outbox.markSubmitted(entries, { txHash: tx.hash, nonce: tx.nonce, at: deps.clock.now().toISOString() });
  const outcome = await broadcastStored(deps, tx);
  if (outcome.status === "rejected") await dropTransaction(deps, tx, outcome.error.message);
  const updateIds = tx.entries.map((e) => e.updateId);
  const receivedAt = entries.map((e) => e.receivedAt);
  return { address: tx.address, nonce: tx.nonce, txHash: tx.hash, updateIds, receivedAt, broadcast: outcome.status };
}
