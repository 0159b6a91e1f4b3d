// The dispatcher step for one queued delivery job: signs and POSTs the webhook, logs the attempt, and then marks
// the delivery delivered, schedules the next attempt, keeps it for replay when exhausted, or disables the
// subscription (410, or failing for longer than the configured period). A job is claimed before its POST, so a
// queue message delivered twice (Service Bus is at-least-once) sends once.
import type {
  Delivery,
  DeliveryJob,
  DeliveryQueue,
  DeliveryStore,
  OutboxReader,
  SecretStore,
  Subscription,
  SubscriptionStore,
  WebhookSender,
} from "../distributionPorts.js";
import { decideDelivery, describeOutcome, type AttemptOutcome } from "../domain/deliveryDecision.js";
import { uniform01, type RetryPolicy } from "../domain/retrySchedule.js";
import { webhookPayload, type ChainRecordEvent, type RecordOpening } from "../domain/webhook.js";
import type { Clock, Random } from "../ports.js";
import { enqueueDelivery } from "./enqueueDelivery.js";
import { signingSecrets } from "./signingSecrets.js";
import { recordFailure } from "./recordFailure.js";
import { recordSuccess } from "./recordSuccess.js";

/** What the dispatcher needs. */
export interface DispatchDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  sender: WebhookSender;
  secrets: SecretStore;
  outboxReader: OutboxReader;
  clock: Clock;
  random: Random;
  ownAddress: string;
  settings: { retryPolicy: RetryPolicy; attemptTimeoutInMs: number; disableAfterInMs: number };
}

/** What happened to the job. */
export type DispatchResult =
  | { status: "stale" }
  | { status: "held"; reason: string }
  | { status: "delivered" | "retry" | "exhausted" | "disabled"; attempt: number; outcome: string };

/** Runs one delivery attempt. */
export async function dispatchDelivery(deps: DispatchDeps, job: DeliveryJob): Promise<DispatchResult> {
  const delivery = await deps.deliveries.get(job.subscriptionId, job.webhookId);
  if (!delivery || delivery.status !== "pending" || delivery.jobToken !== job.token) return { status: "stale" };
  const subscription = await deps.subscriptions.get(job.subscriptionId);
  if (!subscription || subscription.state === "disabled") {
    const reason = subscription
      ? `subscription disabled: ${subscription.disabledReason ?? ""}`
      : "subscription deleted";
    await deps.deliveries.put({ ...delivery, status: "held", lastOutcome: reason, updatedAt: now(deps) });
    return { status: "held", reason };
  }
  if (!(await deps.deliveries.claim(delivery))) return { status: "stale" };
  const outcome = await attempt(deps, subscription, delivery);
  const attempted = { ...delivery, attempts: delivery.attempts + 1, lastOutcome: describeOutcome(outcome) };
  await deps.deliveries.logAttempt({
    subscriptionId: delivery.subscriptionId,
    webhookId: delivery.webhookId,
    attempt: attempted.attempts,
    at: now(deps),
    outcome: attempted.lastOutcome,
    status: outcome.kind === "response" ? outcome.status : undefined,
    durationInMs: outcome.durationInMs,
  });
  const status = await apply(deps, { subscription, delivery: attempted, outcome });
  return { status, attempt: attempted.attempts, outcome: attempted.lastOutcome };
}

async function attempt(deps: DispatchDeps, subscription: Subscription, delivery: Delivery): Promise<AttemptOutcome> {
  const opening = await openingOf(deps, delivery.event);
  const body = JSON.stringify(webhookPayload(delivery.event, opening, delivery.createdAt));
  return deps.sender.send({
    url: subscription.url,
    webhookId: delivery.webhookId,
    timestamp: deps.clock.now(),
    body,
    secrets: await signingSecrets(deps, subscription, deps.clock.now()),
    timeoutInMs: deps.settings.attemptTimeoutInMs,
  });
}

/** The record and salt of one of our own records, when the outbox holds the exact one on chain. */
async function openingOf(deps: DispatchDeps, event: ChainRecordEvent): Promise<RecordOpening | null> {
  if (event.issuer.toLowerCase() !== deps.ownAddress.toLowerCase()) return null;
  const entry = await deps.outboxReader.byUpdateIdHash(event.updateId);
  if (!entry || entry.input.recordHash.toLowerCase() !== event.recordHash.toLowerCase()) return null;
  return { record: entry.record, salt: entry.salt };
}

async function apply(
  deps: DispatchDeps,
  { subscription, delivery, outcome }: { subscription: Subscription; delivery: Delivery; outcome: AttemptOutcome },
): Promise<"delivered" | "retry" | "exhausted" | "disabled"> {
  const random01 = uniform01(deps.random.bytesHex(4));
  const decision = decideDelivery(outcome, {
    policy: deps.settings.retryPolicy,
    retryIndex: delivery.retryIndex,
    random01,
  });
  const at = now(deps);
  if (decision.action === "delivered") {
    await deps.deliveries.put({ ...delivery, status: "delivered", deliveredAt: at, updatedAt: at });
    await recordSuccess(deps, subscription);
    return "delivered";
  }
  if (decision.action === "disable") {
    await deps.deliveries.put({ ...delivery, status: "held", updatedAt: at });
    await recordFailure(deps, subscription, decision.reason);
    return "disabled";
  }
  const disabled = await recordFailure(deps, subscription, undefined);
  if (decision.action === "exhausted" || disabled) {
    await deps.deliveries.put({ ...delivery, status: disabled ? "held" : "exhausted", updatedAt: at });
    return disabled ? "disabled" : "exhausted";
  }
  const next = new Date(deps.clock.now().getTime() + decision.delayInMs);
  await enqueueDelivery(deps, {
    delivery: { ...delivery, retryIndex: delivery.retryIndex + 1 },
    at: next,
    now: deps.clock.now(),
  });
  return "retry";
}

function now(deps: { clock: Clock }): string {
  return deps.clock.now().toISOString();
}
