// Turns record events into deliveries: one per matching active subscription, created once (the webhook id is
// derived from the subscription and the event), so a replayed watcher step never queues a second job.
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

/** Creates and queues the deliveries of `events` (for `only` these subscriptions if given); returns how many were new. */
export async function fanOutEvents(
  deps: FanOutDeps,
  events: readonly ChainRecordEvent[],
  only?: readonly Subscription[],
): Promise<number> {
  const active = (only ?? (await deps.subscriptions.list())).filter((s) => s.state === "active");
  let created = 0;
  for (const event of events) {
    for (const subscription of active) {
      if (!matchesIssuer(subscription.filter, event.issuer, deps.ownAddress)) continue;
      const delivery = newDelivery(subscription.id, event, deps.clock.now());
      const existing = await deps.deliveries.get(delivery.subscriptionId, delivery.webhookId);
      if (existing || !(await deps.deliveries.add(delivery))) continue;
      await enqueueDelivery(deps, { delivery, at: deps.clock.now(), now: deps.clock.now() });
      created++;
    }
  }
  return created;
}

/** A pending delivery before its first attempt. */
function newDelivery(subscriptionId: string, event: ChainRecordEvent, now: Date): Delivery {
  return {
    subscriptionId,
    webhookId: webhookId(subscriptionId, event),
    event,
    status: "pending",
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    attempts: 0,
    retryIndex: 0,
    jobToken: "",
    nextAttemptAt: now.toISOString(),
  };
}
