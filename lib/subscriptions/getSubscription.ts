// Reads one subscription for the admin API (`GET /api/subscriptions/{id}`), with its recent deliveries' counts.
import type { DeliveryStatus, DeliveryStore } from "../ports/distribution.js";
import type { SubscriptionStore } from "../ports/subscriptions.js";
import { subscriptionView, type SubscriptionView } from "./subscriptionView.js";

/** A subscription with its deliveries counted by status, or null. */
export async function getSubscription(
  deps: { subscriptions: SubscriptionStore; deliveries: DeliveryStore },
  input: { id: string },
): Promise<(SubscriptionView & { deliveries: Record<DeliveryStatus, number> }) | null> {
  const subscription = await deps.subscriptions.get(input.id);
  if (!subscription) return null;
  const deliveries: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, exhausted: 0, held: 0, erased: 0 };
  for (const d of await deps.deliveries.list(input.id)) deliveries[d.status]++;
  return { ...subscriptionView(subscription), deliveries };
}
