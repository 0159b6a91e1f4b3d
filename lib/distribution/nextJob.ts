// A delivery's next queued attempt: the delivery made pending with a fresh job token and due time, and the job that
// carries that token (the one job allowed to act; a job with an older token is stale).
import type { Delivery, DeliveryJob } from "../ports/distribution.js";
import type { Random } from "../ports/runtime.js";

/** `delivery` pending with a new job due at `at`, and that job. */
export function nextJob(
  random: Random,
  delivery: Delivery,
  times: { at: Date; now: Date },
): { delivery: Delivery; job: DeliveryJob; at: Date } {
  const token = random.bytesHex(8).slice(2);
  const next: Delivery = {
    ...delivery,
    status: "pending",
    jobToken: token,
    nextAttemptAt: times.at.toISOString(),
    updatedAt: times.now.toISOString(),
  };
  return {
    delivery: next,
    job: { subscriptionId: next.subscriptionId, webhookId: next.webhookId, token },
    at: times.at,
  };
}
