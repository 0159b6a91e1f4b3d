// Reads a bank's results queue with a peek-lock receiver: each result is handed to the caller first and completed
// after, so a crash in between leaves it on the queue. Stops when the queue stays empty, or follows until aborted.
import type { ServiceBusClient, ServiceBusReceivedMessage } from "@azure/service-bus";
import type { UpdateResult } from "../../lib/ports/submission.js";
import { serviceBusFailure } from "./serviceBusConnection.js";

/** Options of {@link readResults}. */
export interface ReadResultsOptions {
  /** Keep waiting for new results until `signal` aborts. Default false: stop once the queue stays empty. */
  follow?: boolean;
  signal?: AbortSignal;
  /** How long an empty queue counts as "drained" (without `follow`). Default 2000 ms. */
  idleInMs?: number;
  /** Stop after this many results. */
  limit?: number;
}

/** Receives results from `queue`, calls `onResult` for each and then completes it; resolves with the count. */
export async function readResults(
  source: { client: ServiceBusClient; queue: string },
  onResult: (result: UpdateResult, message: ServiceBusReceivedMessage) => void | Promise<void>,
  options: ReadResultsOptions = {},
): Promise<number> {
  const receiver = source.client.createReceiver(source.queue, { receiveMode: "peekLock" });
  const limit = options.limit ?? Infinity;
  let count = 0;
  try {
    while (count < limit && !options.signal?.aborted) {
      const wanted = Math.min(100, limit - count);
      const maxWaitTimeInMs = options.follow ? 1000 : (options.idleInMs ?? 2000);
      const messages = await receiver.receiveMessages(wanted, { maxWaitTimeInMs, abortSignal: options.signal });
      if (messages.length === 0 && !options.follow) break;
      for (const message of messages) {
        await onResult(toResult(message), message);
        await receiver.completeMessage(message);
        count++;
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) throw serviceBusFailure(`reading ${source.queue}`, source.queue, error);
  } finally {
    await receiver.close().catch(() => {});
  }
  return count;
}

/** The result a message carries; a body that is not a result is shown as such rather than dropped. */
export function toResult(message: ServiceBusReceivedMessage): UpdateResult {
  const body = message.body as Partial<UpdateResult> | undefined;
  if (body && typeof body === "object" && typeof body.updateId === "string") return body as UpdateResult;
  return {
    updateId: String(message.messageId ?? "?"),
    status: "failed",
    reason: `unreadable result message: ${JSON.stringify(body)}`,
    at: (message.enqueuedTimeUtc ?? new Date()).toISOString(),
  };
}

/** One line per result: `updateId status reason txHash block`, with `-` for what the result does not carry. */
export function formatResult(result: UpdateResult): string {
  const dash = (v: unknown): string => (v === undefined || v === null || v === "" ? "-" : String(v));
  const reason = result.reason === undefined ? "-" : JSON.stringify(result.reason);
  return [result.updateId, result.status, reason, dash(result.txHash), dash(result.blockNumber)].join(" ");
}
