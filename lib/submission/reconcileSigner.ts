// Start-up check of one signing key: compares our nonce with the chain's, adopts the chain's when another writer
// used the key, rebroadcasts stored transactions the chain has not mined, and fills nonces that were assigned but
// hold no stored transaction (a gap blocks every later transaction of the key) with a filler (LedgerWriter).
import { isAppError } from "../domain/appError.js";
import type { Clock } from "../ports/runtime.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { StoredTransaction, TransactionStore } from "../ports/submission.js";
import { broadcastStored } from "./broadcastStored.js";
import { advanceNonceToChain } from "./dropTransaction.js";

/** What reconciliation needs. */
export interface ReconcileSignerDeps {
  transactions: TransactionStore;
  writer: LedgerWriter;
  clock: Clock;
}

/** What reconciliation found and did. */
export interface SignerReport {
  address: string;
  ourNonce: number;
  chainNonce: number;
  /** Our nonce was behind the chain's: the key signed transactions we did not store (a leaked key?). */
  foreignTransactions: number;
  rebroadcast: number[];
  filled: number[];
}

/** Reconciles the signer's nonce with the chain. */
export async function reconcileSigner(deps: ReconcileSignerDeps): Promise<SignerReport> {
  const address = await deps.writer.account();
  const { ours, chain, advanced } = await advanceNonceToChain(deps, address);
  const report: SignerReport = {
    address,
    ourNonce: ours,
    chainNonce: chain,
    foreignTransactions: advanced ? chain - ours : 0,
    rebroadcast: [],
    filled: [],
  };
  for (let nonce = chain; nonce < ours; nonce++) {
    const stored = await deps.transactions.get(address, nonce);
    if (stored && (stored.status === "signed" || stored.status === "broadcast")) {
      if ((await broadcastStored(deps, stored)).status === "sent") report.rebroadcast.push(nonce);
    } else if (!stored || stored.status === "dropped") {
      await fillGap(deps, address, nonce, stored);
      report.filled.push(nonce);
    }
  }
  return report;
}

async function fillGap(
  deps: ReconcileSignerDeps,
  address: string,
  nonce: number,
  dropped: StoredTransaction | null,
): Promise<void> {
  const filler = await deps.writer.prepareFiller(address, nonce);
  if (dropped) {
    // The nonce's row keeps the dropped batch, which must never count as in flight again: the filler is only sent
    // (it carries no update; if it does not get through, the next reconciliation signs and sends another).
    await deps.writer.submit(filler).catch((error: unknown) => {
      if (!isAppError(error)) throw error;
    });
    return;
  }
  const stored: StoredTransaction = {
    address,
    nonce,
    hash: filler.id,
    raw: filler.payload,
    entries: [],
    status: "signed",
    createdAt: deps.clock.now().toISOString(),
    broadcasts: 0,
  };
  await deps.transactions.store(stored);
  await broadcastStored(deps, stored);
}
