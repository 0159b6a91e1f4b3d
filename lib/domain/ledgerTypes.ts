// Chain-facing value types shared by the domain and the Ledger port: what goes into a batch, what comes back in a
// receipt. Hex strings are 0x-prefixed and lower-case; amounts and times that can exceed 2^53 are bigints.
import type { GovernanceEvent } from "./governanceChain.js";

/** One record as `upsertBatch` takes it (the contract's RecordInput). */
export interface RecordInput {
  /** bytes32: HMAC-SHA256 of the canonical subject under the consortium key. */
  subjectKey: string;
  score: number;
  /** bytes16: the ASCII score model, right-padded with zeros. */
  scoreModel: string;
  /** Milliseconds since the epoch (uint64): the ordering key per subject and issuer. */
  asOf: bigint;
  /** bytes32: the salted commitment to the full off-chain record. */
  recordHash: string;
  /** bytes32: keccak256 of the bank's update id. */
  updateId: string;
}

/** A record as the contract stores it (the contract's Record). */
export interface OnChainRecord {
  score: number;
  scoreModel: string;
  asOf: bigint;
  recordHash: string;
}

/** Where a contract event sits on chain; (txHash, logIndex) identifies it for good. */
export interface EventLocation {
  txHash: string;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
}

/** A decoded `RecordUpserted` event. */
export interface RecordUpsertedEvent extends EventLocation, OnChainRecord {
  kind: "upserted";
  subjectKey: string;
  issuer: string;
  updateId: string;
}

/** Which `RecordUpserted` events to look up: one (subject, issuer, update) in one block. */
export interface UpsertKey {
  blockNumber: number;
  subjectKey: string;
  issuer: string;
  updateId: string;
}

/** Why the contract skipped a record: 1 = older than the stored one, 2 = same `asOf`. */
export type SkipReason = 1 | 2;

/** A decoded `RecordSkipped` event. */
export interface RecordSkippedEvent extends EventLocation {
  kind: "skipped";
  subjectKey: string;
  issuer: string;
  updateId: string;
  asOf: bigint;
  reason: SkipReason;
}

/** A decoded `RecordErased` event: an issuer's tombstone for a subject (`asOf` of the removed record, 0 if none). */
export interface RecordErasedEvent extends EventLocation {
  kind: "erased";
  subjectKey: string;
  issuer: string;
  updateId: string;
  asOf: bigint;
}

/** A business event of the CreditRegistry. */
export type RecordEvent = RecordUpsertedEvent | RecordSkippedEvent | RecordErasedEvent;

/** One tombstone as `eraseBatch` takes it (the contract's EraseInput). */
export interface EraseInput {
  subjectKey: string;
  /** bytes32: keccak256 of the erasure's update id. */
  updateId: string;
}

/** A mined transaction's receipt, with the registry's business events decoded. */
export interface LedgerReceipt {
  txHash: string;
  status: "success" | "reverted";
  blockNumber: number;
  blockHash: string;
  gasUsed: bigint;
  from: string;
  nonce?: number;
  events: RecordEvent[];
  /** The registry's membership events (MembershipProposed/Approved, MemberAdded/Removed). */
  governance?: GovernanceEvent[];
}

/** What one endpoint says about a transaction, read together so the parts agree (DESIGN §6.3). */
export interface TransactionSnapshot {
  /** The answering endpoint's head. */
  headBlock: number;
  /** Our receipt on that endpoint (a slot used with no receipt of ours suggests other content took it). */
  receipt: LedgerReceipt | null;
  /** How many of the account's slots are used at that endpoint's head (on EVM: its mined nonce). */
  slotsUsed: number;
  /** That endpoint's canonical block hash at the receipt's height, when the depth to confirm is more than one. */
  canonicalHash?: string | null;
}

/** Registry events of a block range read from an endpoint proven to hold the range's last block. */
export interface EventRange {
  events: RecordEvent[];
  /** The hash of the range's last block on that endpoint, for the watcher's reorg check. */
  toBlockHash: string;
}
