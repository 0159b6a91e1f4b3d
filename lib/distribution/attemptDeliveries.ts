// The POSTs of a dispatcher batch: signs and sends each claimed delivery's webhook with bounded concurrency, opening
// each of our own records once per batch (an outbox read) and each subscription's secrets once, and decides what
// each outcome means. Outcomes are applied to the subscriptions as they arrive, so once an attempt disables one
// (410, or failing too long), its deliveries not sent yet are held instead of sent.
import type { Delivery, WebhookSender } from "../ports/distribution.js";
import type { OutboxReader } from "../ports/outbox.js";
import type { SecretStore, Subscription } from "../ports/subscriptions.js";
import {
  afterAttempt,
  decideDelivery,
  type AttemptOutcome,
  type DeliveryDecision,
} from "../domain/deliveryDecision.js";
import { uniform01, type RetryPolicy } from "../domain/retrySchedule.js";
import { webhookPayload } from "../domain/webhook.js";
import { RECORD_CONFIRMED, type RecordOpening, type WebhookEvent } from "../domain/webhookEvents.js";
import { isAppError } from "../domain/appError.js";
import { mapConcurrently } from "../support/mapConcurrently.js";
import type { Clock, Random } from "../ports/runtime.js";
import { signingSecrets } from "./signingSecrets.js";

/** Webhook POSTs in flight per batch. */
const POST_CONCURRENCY = 16;

/** What sending needs. */
export interface AttemptDeps {
  sender: WebhookSender;
  secrets: SecretStore;
  outboxReader: OutboxReader;
  clock: Clock;
  random: Random;
  ownAddress: string;
  settings: { retryPolicy: RetryPolicy; attemptTimeoutInMs: number; disableAfterInMs: number };
}

/** What became of one claimed delivery, `at` when it was settled. */
export type Attempt =
  | { kind: "sent"; delivery: Delivery; at: Date; outcome: AttemptOutcome; decision: DeliveryDecision }
  | { kind: "held"; delivery: Delivery; at: Date; reason: string }
  /** Not sent: preparing the request failed for now (left claimed, so reconciliation queues it again). */
  | { kind: "unsent"; delivery: Delivery; at: Date; reason: string }
  /** Never sendable: preparing it failed for a reason of its own (kept as exhausted, for replay once fixed). */
  | { kind: "unpreparable"; delivery: Delivery; at: Date; reason: string }
  /** Never sent: one of our records whose subject was erased on request (its event reached us after the erasure). */
  | { kind: "erased"; delivery: Delivery; at: Date; reason: string };

/** What one batch reads once and shares: subscriptions (with the outcomes so far applied), openings, secrets. */
interface BatchState {
  health: Map<string, Subscription>;
  openings: Map<string, Promise<Opened>>;
  secrets: Map<string, Promise<string[]>>;
}

/** One of our records opened from the outbox (null for another bank's), or erased on request. */
type Opened = { opening: RecordOpening | null; erased: boolean };

/** Sends the claimed deliveries; attempts are returned in the order they finished. */
export async function attemptDeliveries(
  deps: AttemptDeps,
  claimed: readonly Delivery[],
  subscriptions: ReadonlyMap<string, Subscription>,
): Promise<Attempt[]> {
  const batch: BatchState = { health: new Map(subscriptions), openings: new Map(), secrets: new Map() };
  const finished: Attempt[] = [];
  await mapConcurrently(claimed, POST_CONCURRENCY, async (delivery) => {
    const attempt = await attemptOne(deps, batch, delivery);
    finished.push(attempt);
    if (attempt.kind !== "sent") return;
    const current = batch.health.get(delivery.subscriptionId) as Subscription;
    batch.health.set(
      delivery.subscriptionId,
      afterAttempt(current, healthEffect(attempt), deps.settings.disableAfterInMs),
    );
  });
  return finished;
}

async function attemptOne(deps: AttemptDeps, batch: BatchState, delivery: Delivery): Promise<Attempt> {
  const subscription = batch.health.get(delivery.subscriptionId) as Subscription;
  if (subscription.state === "disabled") {
    const reason = `subscription disabled: ${subscription.disabledReason ?? ""}`;
    return { kind: "held", delivery, at: deps.clock.now(), reason };
  }
  let prepared: { body: string; secrets: string[] } | "erased";
  try {
    prepared = await prepare(deps, batch, delivery, subscription);
  } catch (error) {
    // A shared dependency (the outbox, Key Vault) failing is retried later; anything else concerns this delivery
    // alone and would fail the same way every time, so it stops here instead of being queued again for ever.
    const kind = isAppError(error) && error.retryable ? "unsent" : "unpreparable";
    return { kind, delivery, at: deps.clock.now(), reason: String(error).slice(0, 500) };
  }
  if (prepared === "erased") return { kind: "erased", delivery, at: deps.clock.now(), reason: "subject erased" };
  const outcome = await deps.sender.send({
    url: subscription.url,
    webhookId: delivery.webhookId,
    timestamp: deps.clock.now(),
    ...prepared,
    timeoutInMs: deps.settings.attemptTimeoutInMs,
  });
  const { retryPolicy: policy } = deps.settings;
  const random01 = uniform01(deps.random.bytesHex(4));
  const decision = decideDelivery(outcome, { policy, retryIndex: delivery.retryIndex, random01 });
  return { kind: "sent", delivery, at: deps.clock.now(), outcome, decision };
}

/** The exact body (identical on every retry) and the secrets that sign it now; `erased` for nothing to send. */
async function prepare(deps: AttemptDeps, batch: BatchState, delivery: Delivery, subscription: Subscription) {
  const { issuer, updateId } = delivery.event;
  const recordHash = delivery.event.type === RECORD_CONFIRMED ? delivery.event.recordHash : "";
  const { opening, erased } = await once(batch.openings, `${issuer}/${updateId}/${recordHash}`, () =>
    openingOf(deps, delivery.event),
  );
  if (erased) return "erased";
  const secrets = await once(batch.secrets, subscription.id, () =>
    signingSecrets(deps, subscription, deps.clock.now()),
  );
  return { body: JSON.stringify(webhookPayload(delivery.event, opening, delivery.createdAt)), secrets };
}

/** What a sent attempt means for its subscription's failure streak. */
export function healthEffect(attempt: Extract<Attempt, { kind: "sent" }>): {
  at: Date;
  delivered: boolean;
  disableReason?: string;
} {
  const { at, decision } = attempt;
  const disableReason = decision.action === "disable" ? decision.reason : undefined;
  return { at, delivered: decision.action === "delivered", disableReason };
}

/** The record and salt of one of our own records, when the outbox holds the exact one on chain. */
async function openingOf(deps: AttemptDeps, event: WebhookEvent): Promise<Opened> {
  if (event.issuer.toLowerCase() !== deps.ownAddress.toLowerCase()) return { opening: null, erased: false };
  if (event.type !== RECORD_CONFIRMED) return { opening: null, erased: false };
  const entry = await deps.outboxReader.byUpdateIdHash(event.updateId);
  if (entry?.erasedAt !== undefined) return { opening: null, erased: true };
  if (!entry?.record || entry.salt === null) return { opening: null, erased: false };
  if (entry.input.recordHash.toLowerCase() !== event.recordHash.toLowerCase()) return { opening: null, erased: false };
  return { opening: { record: entry.record, salt: entry.salt }, erased: false };
}

/** The value for `key`, computed at most once per batch. */
function once<T>(cache: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}
