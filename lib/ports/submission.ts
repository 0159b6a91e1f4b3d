// What the submitter writes besides the outbox: its signed transactions and nonce, and the results sent to the bank.
import type { BatchEntry } from "../domain/confirmation.js";

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
  /**
   * The head at which a confirmation check first saw our nonce used and no receipt of ours; the transaction is
   * dropped only when a check at a later block agrees (a node may show the nonce used before it serves the block).
   */
  replacedAtBlock?: number;
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
    changes: Partial<Pick<StoredTransaction, "status" | "broadcasts" | "replacedAtBlock">>,
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
