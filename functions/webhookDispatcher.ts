// Service Bus trigger on the delivery queue, a batch of jobs per invocation (`cardinality: "many"`, at most
// host.json's maxMessageBatchSize): one attempt of each job's webhook delivery (signed per Standard Webhooks); the
// next attempt, if any, is scheduled as a new message, so back-off never comes from redelivery. A malformed job is
// logged and dropped without failing the others.
import { app, type InvocationContext } from "@azure/functions";
import { countDispatched } from "../lib/console/recordCounters.js";
import { dispatchDeps, parseDeliveryJob } from "../lib/composition/distributionDeps.js";
import { dispatchDeliveries } from "../lib/distribution/dispatchDeliveries.js";
import type { DeliveryJob } from "../lib/ports/distribution.js";
import { services } from "../lib/composition/services.js";

/** Handles a batch of delivery jobs. */
export async function webhookDispatcher(messages: unknown[], context: InvocationContext): Promise<void> {
  const s = await services();
  const log = s.logger.child({ invocationId: context.invocationId });
  const jobs: DeliveryJob[] = [];
  for (const message of messages) {
    try {
      jobs.push(parseDeliveryJob(message));
    } catch (error) {
      log.warn({ event: "webhook.malformed", error: String(error) }, "delivery job dropped");
    }
  }
  const results = await dispatchDeliveries(await dispatchDeps(s), jobs);
  const counted = results.map((r, i) => ({ subscriptionId: jobs[i]?.subscriptionId ?? "", ...r }));
  await countDispatched(s, context.invocationId, counted);
  results.forEach((result, i) => {
    const line = { event: `webhook.${result.status}`, job: jobs[i], ...result };
    if (result.status === "dropped") log.warn(line, "delivery job dropped");
    else if (result.status === "exhausted" || result.status === "disabled") log.warn(line, "webhook delivery gave up");
    else log.info(line, "webhook delivery");
  });
}

app.serviceBusQueue("webhookDispatcher", {
  connection: "ServiceBusConnection",
  queueName: "%SERVICEBUS_DELIVERY_QUEUE%",
  cardinality: "many",
  handler: webhookDispatcher,
});
