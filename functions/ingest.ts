// Service Bus trigger on the bank's inbound queue: validates, pseudonymises and stores each credit update once.
// Invalid input completes with a `rejected` result; a transient failure throws so Service Bus redelivers.
import { app, type InvocationContext } from "@azure/functions";
import { updatesIngested } from "../lib/metrics.js";
import { services } from "../lib/services.js";
import { ingestUpdate } from "../lib/submission/ingestUpdate.js";

/** Handles one inbound credit update message. */
export async function ingest(message: unknown, context: InvocationContext): Promise<void> {
  const s = await services();
  const messageId =
    typeof context.triggerMetadata?.messageId === "string" ? context.triggerMetadata.messageId : undefined;
  const result = await ingestUpdate(
    { ...s, settings: { scoreRange: s.config.scoreRange, subjectKeySecret: s.config.subjectKeySecret } },
    { body: message, messageId },
  );
  updatesIngested.add(1, { outcome: result.outcome });
  const log = s.logger.child({ invocationId: context.invocationId, updateId: result.updateId, messageId });
  if (result.outcome === "rejected") log.info({ event: "update.rejected", errors: result.errors }, "update rejected");
  else if (result.outcome === "duplicate")
    log.info({ event: "update.duplicate", status: result.status }, "duplicate update");
  else log.info({ event: "update.accepted", subjectKey: result.subjectKey }, "update accepted");
}

app.serviceBusQueue("ingest", {
  connection: "ServiceBusConnection",
  queueName: "%SERVICEBUS_INBOUND_QUEUE%",
  handler: ingest,
});
