// Schedules the next attempts of deliveries (replay, reconciliation of lost jobs): stores them with fresh job tokens
// and due times first, in one batch write, then queues the jobs in one send. A crash between the two leaves overdue
// pending deliveries, which reconciliation re-enqueues.
import type { Delivery, DeliveryQueue, DeliveryStore } from "../ports/distribution.js";
import type { Random } from "../ports/runtime.js";
import { nextJob } from "./nextJob.js";

/** What scheduling needs. */
export interface EnqueueDeliveriesDeps {
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  random: Random;
}

/** Makes `deliveries` pending with new job tokens due at `at`, and queues those jobs; returns the stored deliveries. */
export async function enqueueDeliveries(
  deps: EnqueueDeliveriesDeps,
  input: { deliveries: readonly Delivery[]; at: Date; now: Date },
): Promise<Delivery[]> {
  if (input.deliveries.length === 0) return [];
  const next = input.deliveries.map((delivery) => nextJob(deps.random, delivery, input));
  await deps.deliveries.putMany(next.map((n) => n.delivery));
  await deps.queue.scheduleMany(next);
  return next.map((n) => n.delivery);
}
