// Turns record events into deliveries: one per matching subscription, created once (the webhook id is derived
// from the subscription and the event), so a replayed watcher step never queues a second job. New deliveries are
// created in one batch already pending with their job token and due time, and their jobs queued in one send. A
// disabled subscription gets its deliveries held, unsent, so a replay after re-activation finds everything it missed.
// A page given again (a watcher step retried after its send failed) re-sends the jobs of its deliveries that no
// dispatch has claimed yet, with their stored tokens: the dispatcher acts on one job per token, so nothing is sent
// twice, and nothing waits for reconciliation's lost-job grace.
import type { Delivery, DeliveryQueue, DeliveryStore } from "../ports/distribution.js";
import type { Subscription, SubscriptionStore } from "../ports/subscriptions.js";
import { matchesIssuer } from "../domain/subscriptionFilter.js";
import { webhookId } from "../domain/webhook.js";
import type { WebhookEvent } from "../domain/webhookEvents.js";
import type { Clock, Random } from "../ports/runtime.js";
import { nextJob } from "./nextJob.js";

/** What fan-out needs; `ownAddress` is this bank's signing address. */
export interface FanOutDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  clock: Clock;
  random: Random;
  ownAddress: string;
}

/** Creates the deliveries of `events` (for `only` these subscriptions if given), queues the active ones; returns how many were new. */
export async function fanOutEvents(
  deps: FanOutDeps,
  events: readonly WebhookEvent[],
  only?: readonly Subscription[],
): Promise<number> {
  const subscriptions = only ?? (await deps.subscriptions.list());
  const now = deps.clock.now();
  const candidates = events.flatMap((event) =>
    subscriptions
      .filter((subscription) => matchesIssuer(subscription.filter, event.issuer, deps.ownAddress))
      .map((subscription) => newDelivery(deps, subscription, event, now)),
  );
  if (candidates.length === 0) return 0;
  const created = await deps.deliveries.addMany(candidates);
  const unsent = created.length < candidates.length ? await unclaimedExisting(deps, candidates, created) : [];
  const jobs = [...created, ...unsent]
    .filter((d) => d.status === "pending")
    .map((d) => ({ job: { subscriptionId: d.subscriptionId, webhookId: d.webhookId, token: d.jobToken }, at: now }));
  await deps.queue.scheduleMany(jobs);
  return created.length;
}

/**
 * The candidates that already existed and whose first job no dispatch has claimed yet (its send may have failed).
 * Best effort: a delivery that cannot be read is left to reconciliation's lost-job check, never failing the step.
 */
async function unclaimedExisting(
  deps: FanOutDeps,
  candidates: readonly Delivery[],
  created: readonly Delivery[],
): Promise<Delivery[]> {
  const isNew = new Set(created.map((d) => `${d.subscriptionId}/${d.webhookId}`));
  const existing = candidates.filter((d) => !isNew.has(`${d.subscriptionId}/${d.webhookId}`));
  const stored = await Promise.all(
    existing.map((d) => deps.deliveries.get(d.subscriptionId, d.webhookId).catch(() => null)),
  );
  return stored.flatMap((s) =>
    s && s.delivery.status === "pending" && s.delivery.attempts === 0 && !s.delivery.jobToken.endsWith("#claimed")
      ? [s.delivery]
      : [],
  );
}

/** A delivery before its first attempt: pending with its job, due now, or held for a disabled subscription. */
function newDelivery(deps: FanOutDeps, subscription: Subscription, event: WebhookEvent, now: Date): Delivery {
  const delivery: Delivery = {
    subscriptionId: subscription.id,
    webhookId: webhookId(subscription.id, event),
    event,
    status: "held",
    lastOutcome: "subscription disabled",
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    attempts: 0,
    retryIndex: 0,
    jobToken: "",
    nextAttemptAt: now.toISOString(),
  };
  if (subscription.state === "disabled") return delivery;
  const { lastOutcome: _none, ...pending } = delivery;
  return nextJob(deps.random, pending, { at: now, now }).delivery;
}
