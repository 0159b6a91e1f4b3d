// A subscription's failure streak: set at the first failure after a success (recordSuccess clears it); a 410 or a
// streak longer than the configured period disables the subscription with a reason (deliveries are then held).
import type { Subscription, SubscriptionStore } from "../distributionPorts.js";
import { failingTooLong } from "../domain/deliveryDecision.js";
import type { Clock } from "../ports.js";

type HealthDeps = { subscriptions: SubscriptionStore; clock: Clock; settings: { disableAfterInMs: number } };

/** Records a failure; disables with `disableReason`, or when failing too long. Returns whether it is now disabled. */
export async function recordFailure(
  deps: HealthDeps,
  subscription: Subscription,
  disableReason: string | undefined,
): Promise<boolean> {
  const now = deps.clock.now();
  const current = (await deps.subscriptions.get(subscription.id)) ?? subscription;
  const failingSince = current.failingSince ?? now.toISOString();
  const reason =
    disableReason ??
    (failingTooLong(failingSince, now, deps.settings.disableAfterInMs)
      ? `every delivery failed since ${failingSince}`
      : undefined);
  const changed: Subscription = { ...current, failingSince, updatedAt: now.toISOString() };
  if (reason !== undefined && current.state === "active") {
    Object.assign(changed, { state: "disabled", disabledReason: reason, disabledAt: now.toISOString() });
  }
  if (reason !== undefined || current.failingSince === undefined) await deps.subscriptions.put(changed);
  return changed.state === "disabled";
}
