// Sends update results to the bank's results queue as JSON messages. The message id is derived from the update and
// the status, or from the refused message and its answer (resultIdentity), so a result sent twice (a replayed step)
// is dropped by the queue's duplicate detection.
import type { ServiceBusMessage, ServiceBusSender } from "@azure/service-bus";
import { AppError } from "../../domain/appError.js";
import { resultBody, resultMessageId } from "../../domain/resultIdentity.js";
import type { ResultPublisher, UpdateResult } from "../../ports/submission.js";
import { toMessagingError } from "./serviceBusErrors.js";

/** The ResultPublisher over a Service Bus sender. */
export class ServiceBusResultPublisher implements ResultPublisher {
  constructor(private readonly sender: ServiceBusSender) {}

  async publish(results: readonly UpdateResult[]): Promise<void> {
    if (results.length === 0) return;
    try {
      let batch = await this.sender.createMessageBatch();
      for (const result of results) {
        const message = toMessage(result);
        if (batch.tryAddMessage(message)) continue;
        await this.sender.sendMessages(batch);
        batch = await this.sender.createMessageBatch();
        if (!batch.tryAddMessage(message)) {
          throw new AppError(
            "TOO_LARGE",
            `the result for ${result.updateId} exceeds the largest message the queue takes`,
          );
        }
      }
      await this.sender.sendMessages(batch);
    } catch (error) {
      throw toMessagingError(`send ${results.length} result(s)`, error);
    }
  }
}

/** Longest reason a result carries, in characters: a result message always fits the queue's 256 KiB limit. */
export const MAX_REASON_LENGTH = 4096;

/** The message for one result (exported for tests and for the bank CLI's expectations). */
export function toMessage(result: UpdateResult): ServiceBusMessage {
  const reason = result.reason && result.reason.length > MAX_REASON_LENGTH ? truncate(result.reason) : result.reason;
  return {
    body: withoutUndefined(resultBody({ ...result, reason })),
    contentType: "application/json",
    messageId: resultMessageId(result),
    subject: result.status,
    applicationProperties: { status: result.status },
  };
}

function truncate(reason: string): string {
  return `${reason.slice(0, MAX_REASON_LENGTH - 40)}… (${reason.length - MAX_REASON_LENGTH + 40} characters cut)`;
}

function withoutUndefined(result: UpdateResult): UpdateResult {
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as unknown as UpdateResult;
}
