// Schedules the next attempt of a delivery: stores the delivery with a fresh job token and due time first, then
// queues the job. A crash between the two leaves an overdue pending delivery, which reconciliation re-enqueues.
import type { Delivery, DeliveryQueue, DeliveryStore } from "../distributionPorts.js";
import type { Random } from "../ports.js";

/** What scheduling needs. */
export interface EnqueueDeliveryDeps {
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  random: Random;
}

/** Makes `delivery` pending with a new job token due at `at`, and queues that job; returns the stored delivery. */
export async function enqueueDelivery(
  deps: EnqueueDeliveryDeps,
  input: { delivery: Delivery; at: Date; now: Date },
): Promise<Delivery> {
  const token = deps.random.bytesHex(8).slice(2);
  const delivery: Delivery = {
    ...input.delivery,
    status: "pending",
    jobToken: token,
    nextAttemptAt: input.at.toISOString(),
    updatedAt: input.now.toISOString(),
  };
  await deps.deliveries.put(delivery);
  await deps.queue.schedule(
    { subscriptionId: delivery.subscriptionId, webhookId: delivery.webhookId, token },
    input.at,
  );
  return delivery;
}
