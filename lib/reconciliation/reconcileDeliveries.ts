// Deliveries: a pending delivery whose attempt is long overdue lost its queued job (or the job failed before
// rescheduling) and is queued again with a new token; exhausted deliveries are counted and reported per
// subscription. Both read the store's indexes of what is pending or exhausted, never delivered history.
import type { DeliveryStore } from "../ports/distribution.js";
import type { SubscriptionStore } from "../ports/subscriptions.js";
import type { Finding } from "../domain/reconciliationReport.js";
import { enqueueDeliveries, type EnqueueDeliveriesDeps } from "../distribution/enqueueDeliveries.js";
import type { Clock } from "../ports/runtime.js";

/** What the delivery check needs. */
export interface ReconcileDeliveriesDeps extends EnqueueDeliveriesDeps {
  deliveries: DeliveryStore;
  subscriptions: SubscriptionStore;
  clock: Clock;
  settings: { lostJobGraceInMs: number; scanLimit: number };
}

/** Re-enqueues lost delivery jobs and reports exhausted deliveries. */
export async function reconcileDeliveries(deps: ReconcileDeliveriesDeps): Promise<Finding[]> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - deps.settings.lostJobGraceInMs).toISOString();
  const findings: Finding[] = [];
  for (const subscription of await deps.subscriptions.list()) {
    const lost = await deps.deliveries.overdue(subscription.id, before, deps.settings.scanLimit);
    await enqueueDeliveries(deps, { deliveries: lost, at: now, now });
    for (const { subscriptionId, webhookId } of lost) {
      findings.push({ kind: "delivery-job-lost", severity: "warning", repaired: true, subscriptionId, webhookId });
    }
    const exhausted = await deps.deliveries.exhausted(subscription.id, deps.settings.scanLimit);
    if (exhausted === 0) continue;
    const count = exhausted < deps.settings.scanLimit ? String(exhausted) : `at least ${exhausted}`;
    findings.push({
      kind: "delivery-exhausted",
      severity: "warning",
      repaired: false,
      subscriptionId: subscription.id,
      detail: `${count} deliveries exhausted; replay with POST /api/subscriptions/${subscription.id}/replay`,
    });
  }
  return findings;
}
