// Service Bus trigger on the bank's inbound queue, a batch of messages per invocation: validates, pseudonymises and
// stores each credit update once (the whole batch in a few storage requests) and answers every message with one
// results send. A message is refused alone (`rejected`, or `conflict` for a reused id); only a shared dependency
// failing throws, so Service Bus redelivers the batch, which is safe: every step is idempotent per updateId.
import { app, type InvocationContext } from "@azure/functions";
import { countIngested } from "../lib/console/recordCounters.js";
import { updatesIngested } from "../lib/observability/metrics.js";
import { ingestDeps } from "../lib/composition/submissionDeps.js";
import { services } from "../lib/composition/services.js";
import { ingestUpdates } from "../lib/submission/ingestUpdate.js";

/** Handles one batch of inbound credit update messages. */
export async function ingest(messages: unknown[], context: InvocationContext): Promise<void> {
  const s = await services();
  const messageIds = Array.isArray(context.triggerMetadata?.messageIdArray)
    ? (context.triggerMetadata.messageIdArray as unknown[])
    : [];
  const inputs = messages.map((body, i) => {
    const messageId = messageIds[i];
    return { body, messageId: typeof messageId === "string" ? messageId : undefined };
  });
  const outcomes = await ingestUpdates(ingestDeps(s), inputs);
  await countIngested(
    s,
    context.invocationId,
    outcomes.map((o) => o.outcome),
  );
  const log = s.logger.child({ invocationId: context.invocationId });
  outcomes.forEach((result, i) => {
    updatesIngested.add(1, { outcome: result.outcome });
    const line = { updateId: result.updateId, messageId: inputs[i]?.messageId };
    if (result.outcome === "rejected")
      log.info({ event: "update.rejected", ...line, errors: result.errors }, "update rejected");
    else if (result.outcome === "duplicate")
      log.info({ event: "update.duplicate", ...line, status: result.status }, "duplicate update");
    else if (result.outcome === "conflict")
      log.warn({ event: "update.conflict", ...line }, "message reuses the id of a different update");
    else log.info({ event: "update.accepted", ...line, subjectKey: result.subjectKey }, "update accepted");
  });
}

app.serviceBusQueue("ingest", {
  connection: "ServiceBusConnection",
  queueName: "%SERVICEBUS_INBOUND_QUEUE%",
  cardinality: "many",
  handler: ingest,
});
