// The delivery queue over Service Bus scheduled messages: a job becomes visible at its due time, so retry back-off
// lives in the queue and never in Service Bus redelivery (DESIGN §5). Jobs are sent as message batches, each message
// carrying its own scheduled enqueue time, so jobs due at different times still go in one send, and the SDK sizes
// each batch to the entity's limit. The message id carries the job token; a job that still arrives twice is
// harmless, as the dispatcher finds the delivery moved on after the first one acted.
import type { ServiceBusMessage, ServiceBusReceivedMessage, ServiceBusSender } from "@azure/service-bus";
import type { DeliveryJob, DeliveryQueue } from "../../ports/distribution.js";
import { AppError } from "../../domain/appError.js";
import { toMessagingError } from "./serviceBusErrors.js";

/** The DeliveryQueue over a Service Bus sender. */
export class ServiceBusDeliveryQueue implements DeliveryQueue {
  constructor(private readonly sender: ServiceBusSender) {}

  async scheduleMany(jobs: readonly { job: DeliveryJob; at: Date }[]): Promise<void> {
    if (jobs.length === 0) return;
    try {
      let batch = await this.sender.createMessageBatch();
      for (const { job, at } of jobs) {
        if (batch.tryAddMessage(message(job, at))) continue;
        await this.sender.sendMessages(batch);
        batch = await this.sender.createMessageBatch();
        if (!batch.tryAddMessage(message(job, at)))
          throw new AppError("INVALID_MESSAGE", "a delivery job is too large");
      }
      await this.sender.sendMessages(batch);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw toMessagingError(`schedule ${jobs.length} delivery job(s)`, error);
    }
  }
}

function message(job: DeliveryJob, at: Date): ServiceBusMessage {
  return {
    body: job,
    contentType: "application/json",
    messageId: `${job.webhookId}:${job.token}`,
    subject: "delivery",
    scheduledEnqueueTimeUtc: at,
  };
}

/** The job in a received delivery message (the dispatcher function's trigger input); INVALID_MESSAGE if malformed. */
export function parseDeliveryJob(body: unknown): DeliveryJob {
  const job = body as Partial<DeliveryJob> | null;
  if (
    job !== null &&
    typeof job === "object" &&
    typeof job.subscriptionId === "string" &&
    typeof job.webhookId === "string" &&
    typeof job.token === "string"
  ) {
    return { subscriptionId: job.subscriptionId, webhookId: job.webhookId, token: job.token };
  }
  throw new AppError("INVALID_MESSAGE", "a delivery job needs subscriptionId, webhookId and token");
}

/** The job of a received message. */
export function deliveryJobOf(message: Pick<ServiceBusReceivedMessage, "body">): DeliveryJob {
  return parseDeliveryJob(message.body);
}
