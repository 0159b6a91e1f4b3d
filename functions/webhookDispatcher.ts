// Service Bus trigger on the delivery queue: one attempt of one webhook delivery (signed per Standard Webhooks);
// the next attempt, if any, is scheduled as a new message, so back-off never comes from redelivery.
import { app, type InvocationContext } from "@azure/functions";
import { deliveryJobOf } from "../lib/adapters/serviceBusDeliveryQueue.js";
import { dispatchDeps } from "../lib/distributionDeps.js";
import { dispatchDelivery } from "../lib/distribution/dispatchDelivery.js";
import { services } from "../lib/services.js";

/** Handles one delivery job. */
export async function webhookDispatcher(message: unknown, context: InvocationContext): Promise<void> {
  const s = await services();
  const job = deliveryJobOf({ body: message });
  const result = await dispatchDelivery(dispatchDeps(s), job);
  const log = s.logger.child({ event: `webhook.${result.status}`, invocationId: context.invocationId, job });
  if (result.status === "exhausted" || result.status === "disabled") log.warn(result, "webhook delivery gave up");
  else log.info(result, "webhook delivery");
}

app.serviceBusQueue("webhookDispatcher", {
  connection: "ServiceBusConnection",
  queueName: "%SERVICEBUS_DELIVERY_QUEUE%",
  handler: webhookDispatcher,
});
