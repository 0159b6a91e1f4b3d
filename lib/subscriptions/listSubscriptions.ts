// Lists subscriptions for the admin API (`GET /api/subscriptions`), oldest first, without secrets.
import type { SubscriptionStore } from "../distributionPorts.js";
import { subscriptionView, type SubscriptionView } from "./subscriptionView.js";

/** Every subscription's public view. */
export async function listSubscriptions(deps: { subscriptions: SubscriptionStore }): Promise<SubscriptionView[]> {
  const all = await deps.subscriptions.list();
  return all.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)).map(subscriptionView);
}
