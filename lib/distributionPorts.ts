// Ports of distribution and reconciliation (subscriptions, deliveries, the delivery queue, webhook sending,
// secrets, chain checkpoints, reports, health probes). Kept beside lib/ports.ts so each file stays one concept.
import type { AttemptOutcome } from "./domain/deliveryDecision.js";
import type { ReconciliationReport } from "./domain/reconciliationReport.js";
import type { IssuerFilter } from "./domain/subscriptionFilter.js";
import type { ChainRecordEvent } from "./domain/webhook.js";
import type { OutboxEntry } from "./ports.js";

/** A webhook subscription (a partner bank, or one of our own core systems). */
export interface Subscription {
  id: string;
  url: string;
  filter: IssuerFilter;
  description?: string;
  state: "active" | "disabled";
  disabledReason?: string;
  disabledAt?: string;
  /** Secret versions that sign, newest first; a rotated-out one keeps signing until `until`. */
  secrets: { version: string; until?: string }[];
  /** Set at the first failure after a success, cleared by the next success. */
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
}

/** Subscriptions (Azure Tables in production). */
export interface SubscriptionStore {
  /** Stores a new subscription; CONFLICT if the id exists. */
  create(subscription: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | null>;
  list(): Promise<Subscription[]>;
  /** Replaces a subscription; NOT_FOUND if it does not exist. */
  put(subscription: Subscription): Promise<void>;
  /** Removes a subscription; false when it did not exist. */
  delete(id: string): Promise<boolean>;
}

/**
 * Where a delivery stands: `held` = kept for replay because the subscription is disabled; `erased` = its subject was
 * erased on request: never sent (again), never replayed, kept as a marker so a re-read of its event adds nothing.
 */
export type DeliveryStatus = "pending" | "delivered" | "exhausted" | "held" | "erased";

/** One record event for one subscription. */
export interface Delivery {
  subscriptionId: string;
  webhookId: string;
  event: ChainRecordEvent;
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

/** Judges a webhook destination before it is stored: the SSRF guard at the door (the sender guards at connect). */
export interface WebhookDestinationGuard {
  /** Why `url` may not receive webhooks now (its path, or any address its host resolves to), or null. */
  refusal(url: string): Promise<string | null>;
}

/** Named, versioned secrets (Key Vault secrets in production). */
export interface SecretStore {
  /** Stores a new version and returns its id. */
  set(name: string, value: string): Promise<string>;
  get(name: string, version: string): Promise<string>;
}

/** The Durable Functions history of orchestrations (the task hub's tables, queues and blobs in production). */
export interface OrchestrationHistory {
  /** Deletes the history of finished orchestrations (completed, failed, terminated) created before `before`. */
  purge(before: string): Promise<number>;
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

/** Reconciliation reports, kept for a configured period. */
export interface ReportStore {
  save(report: ReconciliationReport): Promise<void>;
  latest(): Promise<ReconciliationReport | null>;
  /** Deletes reports started before `before`; returns how many. */
  prune(before: string): Promise<number>;
}

/** What one JSON-RPC endpoint answered. */
export interface EndpointProbe {
  url: string;
  ok: boolean;
  blockNumber?: number;
  peers?: number;
  gasPrice?: string;
  latencyInMs: number;
  error?: string;
}

/** Probes every configured JSON-RPC endpoint separately (no failover). */
export interface ChainProbe {
  probe(): Promise<EndpointProbe[]>;
}

/** A named dependency check (storage, Service Bus, Key Vault); throws when unusable. */
export interface DependencyCheck {
  name: string;
  /** Whether the bank cannot write without it. */
  requiredForWrites: boolean;
  check(): Promise<void>;
}

/** Who sent a mined transaction, and with which nonce (eth_getTransactionByHash). */
export interface TransactionLookup {
  sender(txHash: string): Promise<{ from: string; nonce: number } | null>;
}
