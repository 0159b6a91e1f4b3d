// What the submitter's step needs and what it reports for each transaction: shared by the step (submitNextBatch),
// its announcement of a stored transaction and its isolation of records no transaction can carry.
import type { Clock } from "../ports/runtime.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { OutboxStore } from "../ports/outbox.js";
import type { ResultPublisher, TransactionStore } from "../ports/submission.js";
import type { BroadcastOutcome } from "./broadcastStored.js";

/** What the submitter needs. */
export interface SubmitDeps {
  outbox: OutboxStore;
  transactions: TransactionStore;
  writer: LedgerWriter;
  results: ResultPublisher;
  clock: Clock;
  /** How many pending entries one step reads at most. */
  settings: { batch: { maxRecords: number } };
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
