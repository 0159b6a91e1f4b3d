// The write side of the ledger seam: what the submitter, the confirmation monitor and the signer's reconciliation need
// to put a batch on the consortium ledger and follow it to its final result. A use case says what a batch carries
// and which sequence slot of its account it takes; the adapter decides how (lib/adapters/evm: calldata, fees, gas,
// signing, receipts). A prepared submission is stored before it is submitted, and resubmitted byte-identical.
import type { GovernanceAction } from "../domain/governanceChain.js";
import type { EraseInput, RecordInput, TransactionSnapshot } from "../domain/ledgerTypes.js";

/** What one batch carries: credit records, tombstones of the account's records, or one membership action. */
export type BatchContent =
  | { kind: "updates"; records: readonly RecordInput[] }
  | { kind: "erasures"; erasures: readonly EraseInput[] }
  | { kind: "governance"; action: GovernanceAction };

/** A batch made ready for one sequence slot: its id on the ledger and the exact bytes to submit (and resubmit). */
export interface PreparedSubmission {
  id: string;
  payload: string;
  slot: number;
}

/** What to prepare, for which account and slot. */
export interface PrepareRequest {
  account: string;
  content: BatchContent;
  slot: number;
  /** A tombstone of the account is still in flight: a record it deletes makes a write cost as much as a new one. */
  tombstoneInFlight?: boolean;
}

/** A dry-run's verdict: the ledger would take the content, or its refusal in its own words. */
export type DryRunVerdict = { ok: true } | { ok: false; reason: string };

/** The consortium ledger as the writer of one signing key sees it (one writer per key, DESIGN §6). */
export interface LedgerWriter {
  /** The account of the signing key this writer writes for (its records' issuer). */
  account(): Promise<string>;
  /** Most credit records one batch may carry. */
  readonly recordsPerBatch: number;
  /** Why `content` can never be prepared (a value the ledger's encoding refuses), or null when it can. */
  unpreparable(content: BatchContent): string | null;
  /** Runs `content` as `account` without writing, on state at or past `atLeastBlock` when given. */
  dryRun(account: string, content: BatchContent, atLeastBlock?: number): Promise<DryRunVerdict>;
  /** Prepares (and signs) a batch for one slot of the account. */
  prepare(request: PrepareRequest): Promise<PreparedSubmission>;
  /** Prepares a submission that carries nothing and only uses up `slot` (an empty slot blocks every later one). */
  prepareFiller(account: string, slot: number): Promise<PreparedSubmission>;
  /** Hands prepared bytes to the ledger; "already known" is success, a final refusal a non-retryable AppError. */
  submit(prepared: PreparedSubmission): Promise<void>;
  /** How many slots of `account` the ledger has used (its mined sequence): the lowest slot it still accepts. */
  slotsUsed(account: string): Promise<number>;
  /** What one node says about a submission, read together so the parts agree (DESIGN §6.3). */
  track(submission: { id: string; account: string; slot: number }, confirmations: number): Promise<TransactionSnapshot>;
}
