// Ends a subscription's failure streak after a successful delivery (the streak is what disables a subscription
// that keeps failing for longer than the configured period).
import type { Subscription, SubscriptionStore } from "../distributionPorts.js";
import type { Clock } from "../ports.js";

/** What recording needs. */
export type SubscriptionHealthDeps = { subscriptions: SubscriptionStore; clock: Clock };

/** Clears the failure streak after a successful delivery. */
export async function recordSuccess(deps: SubscriptionHealthDeps, subscription: Subscription): Promise<void> {
  if (subscription.failingSince === undefined) return;
  const current = (await deps.subscriptions.get(subscription.id)) ?? subscription;
  await deps.subscriptions.put({ ...current, failingSince: undefined, updatedAt: deps.clock.now().toISOString() });
}
