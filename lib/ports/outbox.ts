// The outbox: each update as stored from ingest on, written by the submission side (OutboxStore), read by
// distribution and reconciliation (OutboxReader) and redacted by erasure (SubjectOutbox). lib/adapters/tables
// implements them.
import type { CommittedRecord } from "../domain/commitment.js";
import type { TimelineSource } from "../domain/statusTimeline.js";
import type { RecordInput } from "../domain/ledgerTypes.js";
import type { GovernanceAction } from "../domain/governanceChain.js";

/** The life-cycle states of an update; the last four are final. */
export type UpdateStatus = TimelineSource["status"];

/**
 * One update's row in the outbox: the validated record, its commitment and where it stands (the state fields, from
 * which the status timeline is derived, are {@link TimelineSource}'s).
 */
export interface OutboxEntry extends TimelineSource {
  updateId: string;
  /** keccak256(updateId): the row key and the on-chain update id. */
  updateIdHash: string;
  /**
   * The full committed record (personal data: stays in the bank's storage); null for an erasure's tombstone and once
   * the subject was erased, as is the salt.
   */
  record: CommittedRecord | null;
  salt: string | null;
  input: RecordInput;
  /**
   * `erasure`: a tombstone for the bank's on-chain record of `input.subjectKey` (sent with eraseBatch);
   * `governance`: a membership action (in the `governance` field), alone in its transaction. Absent: a credit update.
   */
  kind?: "erasure" | "governance";
  /** The membership action of a `governance` entry. */
  governance?: GovernanceAction;
  /** When the subject's personal data was erased from this entry. */
  erasedAt?: string;
}

/** An entry of an update that still holds its record and salt (not a tombstone, not erased). */
export type UpdateEntry = OutboxEntry & { record: CommittedRecord; salt: string };

/** The outbox (Azure Table storage in production), keyed by updateId. */
export interface OutboxStore {
  /** Stores a new accepted entry unless the updateId exists; returns the stored entry either way. */
  add(entry: OutboxEntry): Promise<{ created: boolean; entry: OutboxEntry }>;
  /** {@link OutboxStore.add} for many entries at once (a repeated update id counts as existing); input order. */
  addMany(entries: readonly OutboxEntry[]): Promise<{ created: boolean; entry: OutboxEntry }[]>;
  get(updateId: string): Promise<OutboxEntry | null>;
  /**
   * Up to `limit` entries waiting for a batch, oldest first; only entries whose row says `accepted` (a listing left
   * behind by a re-listing that raced the submitter is removed, never returned).
   */
  pending(limit: number): Promise<OutboxEntry[]>;
  /**
   * Re-lists an entry as pending if, and only if, its row still says `accepted` (repairs a crash between add and
   * listing; idempotent). The one conditional step every re-listing path (ingest replay, reconciliation) takes.
   * Returns whether it listed the entry.
   */
  ensurePending(entry: OutboxEntry): Promise<boolean>;
  /** Marks entries submitted in a transaction and removes them from the pending list. */
  markSubmitted(entries: readonly OutboxEntry[], tx: { txHash: string; nonce: number; at: string }): Promise<void>;
  /** Records final outcomes. */
  markFinal(outcomes: readonly FinalOutcome[]): Promise<void>;
  /** Takes entries off the pending list (idempotent), for updates that end before any batch carries them. */
  unlist(entries: readonly OutboxEntry[]): Promise<void>;
  /** Puts entries back in the pending list for a new batch (only after their transaction is proven dead). */
  requeue(updateIds: readonly string[], at: string): Promise<void>;
  /** Deletes up to `limit` entries whose final outcome was recorded before `before` (never one not final). */
  prune(before: string, limit: number): Promise<number>;
}

/** A subject's entries in the outbox, for erasure on request (DESIGN §6.7); found by subject key, never by subject. */
export interface SubjectOutbox {
  /** Every entry of the subject key (updates and tombstones), with its current state. */
  entriesOf(subjectKey: string): Promise<OutboxEntry[]>;
  /**
   * Removes record and salt from the entries and every copy of them in the outbox (open index), keeping their state,
   * which a transaction still in flight moves on; sets `erasedAt`. Returns how many held a record (idempotent: 0 again).
   */
  erase(entries: readonly OutboxEntry[], at: string): Promise<number>;
}

/** A final outcome to record for one update. */
export interface FinalOutcome {
  updateId: string;
  status: "confirmed" | "superseded" | "rejected" | "failed";
  at: string;
  reason?: string;
  txHash?: string;
  blockNumber?: number;
}

/** What an outbox entry holds from ingest on: the update, its commitment and salt, until an erasure removes them. */
export type StoredUpdate = Pick<OutboxEntry, "updateId" | "updateIdHash" | "record" | "salt" | "input" | "erasedAt">;

/** Read access to the outbox by on-chain update id, and scans for reconciliation. */
export interface OutboxReader {
  /**
   * The stored update behind an on-chain update id (any case, with or without 0x), or null. Only the fields that never
   * change: the adapter may answer from a cache of entries as stored, so state is read with {@link OutboxReader.scan}.
   */
  byUpdateIdHash(updateIdHash: string): Promise<StoredUpdate | null>;
  /** Entries not yet final (accepted or submitted), each once with its current state, at most `limit`, in no order. */
  unfinished(limit: number): Promise<OutboxEntry[]>;
  /**
   * Entries that reached a final status after the position `from.after` (one this method returned) or at or after
   * the time `from.since`, in order of their final time, at most `limit`, with their current state, and the position
   * to continue from (`from.after` again, or null, when there is nothing newer). An entry requeued since is left out;
   * its next final outcome comes later in the order.
   */
  finalized(
    from: { after: string } | { since: string },
    limit: number,
  ): Promise<{ entries: OutboxEntry[]; next: string | null }>;
}
