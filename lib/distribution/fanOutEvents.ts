// Turns record events into deliveries: one per matching subscription, created once (the webhook id is derived
// from the subscription and the event), so a replayed watcher step never queues a second job. A disabled
// subscription gets its deliveries held, unsent, so a replay after re-activation finds everything it missed.
import type { Delivery, DeliveryQueue, DeliveryStore, Subscription, SubscriptionStore } from "../distributionPorts.js";
import { matchesIssuer } from "../domain/subscriptionFilter.js";
import { webhookId, type ChainRecordEvent } from "../domain/webhook.js";
import type { Clock, Random } from "../ports.js";
import { enqueueDelivery } from "./enqueueDelivery.js";

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
  events: readonly ChainRecordEvent[],
  only?: readonly Subscription[],
): Promise<number> {
  const subscriptions = only ?? (await deps.subscriptions.list());
  let created = 0;
  for (const event of events) {
    for (const subscription of subscriptions) {
      if (!matchesIssuer(subscription.filter, event.issuer, deps.ownAddress)) continue;
      const delivery = newDelivery(subscription, event, deps.clock.now());
      const existing = await deps.deliveries.get(delivery.subscriptionId, delivery.webhookId);
      if (existing || !(await deps.deliveries.add(delivery))) continue;
      if (delivery.status === "pending") {
        await enqueueDelivery(deps, { delivery, at: deps.clock.now(), now: deps.clock.now() });
      }
      created++;
    }
  }
  return created;
}

/** A delivery before its first attempt: pending, or held for a disabled subscription. */
function newDelivery(subscription: Subscription, event: ChainRecordEvent, now: Date): Delivery {
  const held = subscription.state === "disabled";
  return {
    subscriptionId: subscription.id,
    webhookId: webhookId(subscription.id, event),
    event,
    status: held ? "held" : "pending",
    ...(held ? { lastOutcome: "subscription disabled" } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    attempts: 0,
    retryIndex: 0,
    jobToken: "",
    nextAttemptAt: now.toISOString(),
  };
}
