// What the submitter's step needs and what it reports for each transaction: shared by the step (submitNextBatch),
// its announcement of a stored transaction and its isolation of records no transaction can carry.
import type { BatchLimits } from "../domain/batchPlanner.js";
import type { Clock } from "../ports/runtime.js";
import type { Ledger, TransactionSigner } from "../ports/ledger.js";
import type { OutboxStore } from "../ports/outbox.js";
import type { ResultPublisher, TransactionStore } from "../ports/submission.js";
import type { BroadcastOutcome } from "./broadcastStored.js";

/** What the submitter needs. */
export interface SubmitDeps {
  outbox: OutboxStore;
  transactions: TransactionStore;
  ledger: Ledger;
  signer: TransactionSigner;
  results: ResultPublisher;
  clock: Clock;
  settings: { batch: BatchLimits };
}

/** A transaction the step stored (and tried to broadcast). */
export interface SubmittedBatch {
  address: string;
  nonce: number;
  txHash: string;
  updateIds: string[];
  /** When each of its updates reached the bank (the console's enqueue → confirmed latency starts there). */
  receivedAt: string[];
  broadcast: BroadcastOutcome["status"];
}
