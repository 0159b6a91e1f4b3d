// Distribution: deliveries and their attempt log, the delivery queue, webhook sending, and the chain-derived state
// the watcher keeps (checkpoints, the record index).
import type { AttemptOutcome } from "../domain/deliveryDecision.js";
import type { ChainRecordEvent, WebhookEvent } from "../domain/webhookEvents.js";

/**
 * Where a delivery stands: `held` = kept for replay because the subscription is disabled; `erased` = its subject was
 * erased on request: never sent (again), never replayed, kept as a marker so a re-read of its event adds nothing.
 */
export type DeliveryStatus = "pending" | "delivered" | "exhausted" | "held" | "erased";

/** One record event for one subscription. */
export interface Delivery {
  subscriptionId: string;
  webhookId: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  /** The payload timestamp: when the event was first fanned out (identical bytes on every retry). */
  createdAt: string;
  updatedAt: string;
  attempts: number;
  /** Failures in the current round (a replay starts a new round). */
  retryIndex: number;
  nextAttemptAt?: string;
  /** Token of the one queued job allowed to act; older jobs for this delivery are stale. */
  jobToken: string;
  lastOutcome?: string;
  deliveredAt?: string;
}

/** One logged HTTP attempt (no body, no secret). */
export interface DeliveryAttempt {
  subscriptionId: string;
  webhookId: string;
  attempt: number;
  at: string;
  outcome: string;
  status?: number;
  durationInMs: number;
}

/** A delivery as read, with the version a conditional write is checked against. */
export interface StoredDelivery {
  delivery: Delivery;
  version: string;
}

/** Deliveries and their attempt log; the batch methods group their writes (transactions in production). */
export interface DeliveryStore {
  /** Stores the deliveries that do not exist yet (by subscription and webhook id); returns those it created. */
  addMany(deliveries: readonly Delivery[]): Promise<Delivery[]>;
  get(subscriptionId: string, webhookId: string): Promise<StoredDelivery | null>;
  /** Replaces (or creates) deliveries and appends attempt rows, unconditionally. */
  putMany(deliveries: readonly Delivery[], attempts?: readonly DeliveryAttempt[]): Promise<void>;
  /**
   * Claims the attempts of the deliveries' queued jobs: marks each job token claimed if the delivery is unchanged
   * since it was read. Returns the claimed deliveries as now stored; the others were claimed by another worker or
   * moved on (a duplicated queue message).
   */
  claimMany(read: readonly StoredDelivery[]): Promise<Delivery[]>;
  /** Every delivery of a subscription (an operator's view; it grows with history). */
  list(subscriptionId: string): Promise<Delivery[]>;
  /** The subscription's pending deliveries whose next attempt was due before `before`, earliest due first. */
  overdue(subscriptionId: string, before: string, limit: number): Promise<Delivery[]>;
  /** How many of the subscription's deliveries are exhausted, counting up to `limit`. */
  exhausted(subscriptionId: string, limit: number): Promise<number>;
  /**
   * Deletes up to `limit` of the subscription's finished deliveries with their attempts: delivered ones last
   * changed before `deliveredBefore`, exhausted and held ones before `failedBefore`; never a pending one. Returns
   * how many it deleted (fewer than `limit`: there are no more now).
   */
  prune(subscriptionId: string, options: DeliveryPruning): Promise<number>;
  attempts(subscriptionId: string, webhookId: string): Promise<DeliveryAttempt[]>;
  /** Deletes a delivery's attempt log (erasure); returns how many rows it deleted. */
  removeAttempts(subscriptionId: string, webhookId: string): Promise<number>;
}

/** Which finished deliveries {@link DeliveryStore.prune} deletes. */
export interface DeliveryPruning {
  deliveredBefore: string;
  failedBefore: string;
  limit: number;
}

/** A queued request to attempt one delivery. */
export interface DeliveryJob {
  subscriptionId: string;
  webhookId: string;
  token: string;
}

/** The delivery queue (Service Bus scheduled messages in production). */
export interface DeliveryQueue {
  /** Queues each job to become visible at its time (in as few sends as the transport allows). */
  scheduleMany(jobs: readonly { job: DeliveryJob; at: Date }[]): Promise<void>;
}

/** One signed webhook POST. */
export interface WebhookRequest {
  url: string;
  webhookId: string;
  timestamp: Date;
  /** The exact bytes that are signed and sent. */
  body: string;
  /** `whsec_` secrets; each produces one `v1,` signature in the header. */
  secrets: readonly string[];
  timeoutInMs: number;
}

/** Signs and POSTs webhooks; never throws for a receiver's failure, it reports the outcome. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<AttemptOutcome>;
}

/** A progress marker: the next block to read and, for the watcher, the hash of the block before it as read. */
export interface Checkpoint {
  nextBlock: number;
  /** Hash of block `nextBlock - 1` when it was processed; a different canonical hash later means a reorg. */
  blockHash?: string;
  /** For a walk over stored history (blocks unused, `nextBlock` 0): the position reached. */
  position?: string;
}

/** Progress markers (per contract for the watcher, per contract for reconciliation) with optimistic concurrency. */
export interface CheckpointStore {
  get(
    key: string,
  ): Promise<{ nextBlock: number | null; blockHash?: string; position?: string; version: string | null }>;
  /** Stores the marker and returns its new version; CONFLICT when another writer moved it since `version`. */
  set(key: string, checkpoint: Checkpoint, version: string | null): Promise<string>;
}

/** The latest record event per (subject key, issuer), written by the chain watcher. */
export interface RecordIndex {
  /**
   * Indexes the upserted events of the inclusive block range `fromBlock`–`toBlock` (all of them, in chain order),
   * keeping per subject and issuer the newest event, newer than the stored one.
   */
  putRange(range: { fromBlock: number; toBlock: number }, events: readonly ChainRecordEvent[]): Promise<void>;
  latest(subjectKey: string, issuer: string): Promise<ChainRecordEvent | null>;
}
