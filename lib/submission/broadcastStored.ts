// Broadcasts a stored transaction's exact signed bytes and records the attempt. An unreachable chain is reported,
// not thrown (the bytes are safe in storage and the confirmation monitor tries again); a node's verdict against
// the transaction (nonce already used, pool rejection) is returned for the caller to drop it.
import { isAppError, type AppError } from "../domain/appError.js";
import type { Ledger, StoredTransaction, TransactionStore } from "../ports.js";

/** The outcome of one broadcast. */
export type BroadcastOutcome = { status: "sent" } | { status: "unreachable" } | { status: "rejected"; error: AppError };

/** Broadcasts `tx` byte-identical and counts the attempt. */
export async function broadcastStored(
  deps: { ledger: Ledger; transactions: TransactionStore },
  tx: StoredTransaction,
): Promise<BroadcastOutcome> {
  try {
    await deps.ledger.broadcast({ raw: tx.raw, hash: tx.hash, nonce: tx.nonce });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return error.retryable ? { status: "unreachable" } : { status: "rejected", error };
  }
  await deps.transactions.update(tx.address, tx.nonce, { status: "broadcast", broadcasts: tx.broadcasts + 1 });
  return { status: "sent" };
}
