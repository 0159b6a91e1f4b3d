// Interfaces for the outside world. Use cases depend on these only; lib/adapters implements them and
// lib/services.ts wires them. In-memory implementations for unit tests live in test/. Distribution and
// reconciliation ports (subscriptions, deliveries, queue, secrets, checkpoints, reports) are in distributionPorts.ts.
import type { CommittedRecord } from "./domain/commitment.js";
import type { BatchEntry } from "./domain/confirmation.js";
import type { TimelineSource } from "./domain/statusTimeline.js";
import type { GovernanceAction, GovernanceState, MembershipChange } from "./domain/governanceChain.js";
import type {
  EraseInput,
  EventRange,
  FeeFields,
  LedgerReceipt,
  OnChainRecord,
  RecordEvent,
  RecordInput,
  RecordUpsertedEvent,
  SignedTransaction,
  TransactionSnapshot,
  UnsignedTransaction,
  UpsertKey,
} from "./domain/ledgerTypes.js";

/** Time, injected so that tests and orchestrations control it. */
export interface Clock {
  now(): Date;
}

/** The consortium ledger (the CreditRegistry on the validators' JSON-RPC endpoints). */
export interface Ledger {
  readonly chainId: bigint;
  readonly contractAddress: string;
  blockNumber(): Promise<number>;
  /** The account's nonce: "latest" = mined transactions, "pending" = including the node's pool. */
  nonceOf(address: string, blockTag: "latest" | "pending"): Promise<number>;
  /** Fee fields for the next transaction, per the configured fee strategy. */
  feeFields(): Promise<FeeFields>;
  /** Calldata for `upsertBatch(records)`. */
  encodeUpsertBatch(records: readonly RecordInput[]): string;
  /** Calldata for `eraseBatch(erasures)` (tombstones of the sender's records). */
  encodeEraseBatch(erasures: readonly EraseInput[]): string;
  /** Calldata for `propose(add | remove, account)`. */
  encodePropose(change: MembershipChange, account: string): string;
  /** Calldata for `approve(proposalId)`. */
  encodeApprove(proposalId: number): string;
  /**
   * Dry-runs `data` against the registry as `from`, with `atLeastBlock` on an endpoint at or past that block; a
   * revert comes back decoded, e.g. `AlreadyApproved(3, 0x…)`.
   */
  simulateCall(
    from: string,
    data: string,
    atLeastBlock?: number,
  ): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Members, the approvals a proposal needs and the newest `limit` proposals, all read at one block of one node. */
  governanceState(limit: number): Promise<GovernanceState>;
  /** Broadcasts signed bytes (to every healthy endpoint); an "already known" answer counts as success. */
  broadcast(signed: SignedTransaction): Promise<void>;
  /** The receipt with decoded business events, or null while the transaction is not mined. */
  receipt(txHash: string): Promise<LedgerReceipt | null>;
  /**
   * Head, receipt and the sender's mined nonce, all from one endpoint (and, for `confirmations` over one, that
   * endpoint's canonical hash at the receipt's height): the reads a confirmation decides on (DESIGN §6.3).
   */
  transactionSnapshot(
    tx: { hash: string; from: string; nonce: number },
    confirmations: number,
  ): Promise<TransactionSnapshot>;
  /** The canonical block hash at a height, from an endpoint that has it; null when none has it. */
  blockHash(blockNumber: number): Promise<string | null>;
  /**
   * The issuer's current record of a subject, or null. With `atLeastBlock`, read from an endpoint whose head is at
   * or past that block (a decision about a record written there must not come from a node that has not seen it).
   */
  getRecord(subjectKey: string, issuer: string, atLeastBlock?: number): Promise<OnChainRecord | null>;
  getRecords(subjectKey: string): Promise<{ issuer: string; record: OnChainRecord }[]>;
  isMember(address: string): Promise<boolean>;
  members(): Promise<string[]>;
  /** Dry-runs `upsertBatch(records)` as `from`; a revert comes back decoded, e.g. `NotMember(0x…)`. */
  simulateUpsertBatch(
    from: string,
    records: readonly RecordInput[],
  ): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Gas `upsertBatch(records)` sent by `from` needs on the current state; null if it would revert or no node can tell now. */
  estimateUpsertBatchGas(from: string, records: readonly RecordInput[]): Promise<bigint | null>;
  /** Registry events in the inclusive block range (the caller keeps ranges small). */
  recordEvents(fromBlock: number, toBlock: number): Promise<RecordEvent[]>;
  /** {@link Ledger.recordEvents} with the range's last block hash, both from one endpoint that holds that block. */
  eventRange(fromBlock: number, toBlock: number): Promise<EventRange>;
  /** The `RecordUpserted` events of one (subject, issuer, update) in one block, by indexed topics (a verifier's lookup). */
  upsertedEvents(key: UpsertKey): Promise<RecordUpsertedEvent[]>;
}

/** Signs transactions with the bank's key (Key Vault in production). */
export interface TransactionSigner {
  /** The checksummed address of the signing key. */
  getAddress(): Promise<string>;
  signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction>;
}

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

/** A signed batch transaction persisted before broadcast. */
export interface StoredTransaction {
  address: string;
  nonce: number;
  hash: string;
  raw: string;
  entries: BatchEntry[];
  /** `erasure`: an eraseBatch of tombstones; `governance`: one propose or approve (else an upsertBatch). */
  kind?: "erasure" | "governance";
  status: "signed" | "broadcast" | "confirmed" | "failed" | "dropped";
  createdAt: string;
  broadcasts: number;
}

/** The signer's nonce and its signed transactions; one partition per signing address. */
export interface TransactionStore {
  /** The next nonce to assign and a version token for {@link TransactionStore.commit}. */
  nextNonce(address: string): Promise<{ nonce: number; version: string | null }>;
  /** Atomically stores `tx` and advances the nonce past it; CONFLICT if the nonce moved since `version`. */
  commit(tx: StoredTransaction, version: string | null): Promise<void>;
  /** Stores a transaction below the next nonce (a gap filler) without moving the nonce; CONFLICT if one exists. */
  store(tx: StoredTransaction): Promise<void>;
  /** Sets the next nonce (reconciliation with the chain); CONFLICT if it moved since `version`. */
  setNextNonce(address: string, nonce: number, version: string | null): Promise<void>;
  get(address: string, nonce: number): Promise<StoredTransaction | null>;
  /** Transactions still in flight (signed or broadcast), lowest nonce first. */
  unfinished(address: string): Promise<StoredTransaction[]>;
  /**
   * Deletes the finished transactions among the address's `limit` lowest nonces that were created before `before`
   * (nonce order is time order: the first newer one ends the walk), never one in flight; returns how many.
   */
  prune(address: string, before: string, limit: number): Promise<number>;
  update(
    address: string,
    nonce: number,
    changes: Partial<Pick<StoredTransaction, "status" | "broadcasts">>,
  ): Promise<void>;
}

/**
 * The result message the bank receives (DESIGN §2). `scope: "update"` (the default) follows an update the layer
 * accepted, to its one final status; `scope: "message"` answers an inbound message that never became an update
 * (`rejected` at ingest, or `conflict`: its updateId belongs to a different update, which it leaves untouched), so it
 * never counts as, replaces or suppresses an update's own result.
 */
export interface UpdateResult {
  updateId: string;
  /** The inbound message's Service Bus id (the updateId itself for an accepted update). */
  messageId?: string;
  status: "accepted" | "rejected" | "confirmed" | "superseded" | "failed" | "conflict";
  scope?: "update" | "message";
  reason?: string;
  txHash?: string;
  blockNumber?: number;
  at: string;
}

/** Sends results to the bank's results queue (idempotent per update and status, or per message and answer). */
export interface ResultPublisher {
  publish(results: readonly UpdateResult[]): Promise<void>;
}

/** Randomness, injected so tests are repeatable. */
export interface Random {
  /** `length` random bytes as 0x-hex. */
  bytesHex(length: number): string;
}
