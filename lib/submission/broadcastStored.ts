// Submits a stored transaction's exact prepared bytes and records the attempt. Whether a failure is final is the
// one retry decision (AppError.retryable): a retryable one, an unrecognised node answer included, is reported as
// unreachable, not thrown (the bytes are safe in storage and the confirmation monitor tries again); only a final
// verdict of every endpoint (broadcastRaw.ts) is returned as rejected, for the caller to drop the transaction.
import { isAppError, type AppError } from "../domain/appError.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { StoredTransaction, TransactionStore } from "../ports/submission.js";

/** The outcome of one broadcast. */
export type BroadcastOutcome =
  { status: "sent" } | { status: "unreachable"; error: AppError } | { status: "rejected"; error: AppError };

/** Broadcasts `tx` byte-identical and counts the attempt. */
export async function broadcastStored(
  deps: { writer: Pick<LedgerWriter, "submit">; transactions: TransactionStore },
  tx: StoredTransaction,
): Promise<BroadcastOutcome> {
  try {
    await deps.writer.submit({ id: tx.hash, payload: tx.raw, slot: tx.nonce });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return error.retryable ? { status: "unreachable", error } : { status: "rejected", error };
  }
  await deps.transactions.update(tx.address, tx.nonce, { status: "broadcast", broadcasts: tx.broadcasts + 1 });
  return { status: "sent" };
}
