// Sends credit updates to a bank's inbound queue the way a core system must: JSON bodies, `messageId` = updateId
// (the idempotency key Service Bus deduplicates on), packed into size-bounded batches and sent in order.
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from "@azure/service-bus";
import { serviceBusFailure } from "./serviceBusConnection.js";

/** Anything with an update id is sent as its own JSON body (a CreditUpdate, a line of a file). */
export interface UpdateBody {
  readonly updateId: string;
}

/** Where to send: a client and the bank's inbound queue. */
export interface SendTarget {
  client: ServiceBusClient;
  queue: string;
  /** A sender to that queue to reuse (a load generator sending many small batches); closed by its owner. */
  sender?: ServiceBusSender;
}

/** Options of {@link sendUpdates}. */
export interface SendUpdatesOptions {
  /** Called after every sent batch with the number sent so far and the updates of that batch (for enqueue times). */
  onProgress?: (sent: number, batch: readonly UpdateBody[]) => void;
  /** Stops after the batch in flight (Ctrl-C); the summary then says `interrupted`. */
  signal?: AbortSignal;
}

/** What a send achieved. */
export interface SendSummary {
  sent: number;
  batches: number;
  elapsedInMs: number;
  perSecond: number;
  interrupted: boolean;
}

/** Sends `updates` in order, in as few batches as the queue's message size allows. */
export async function sendUpdates(
  target: SendTarget,
  updates: readonly UpdateBody[],
  options: SendUpdatesOptions = {},
): Promise<SendSummary> {
  const started = performance.now();
  const sender = target.sender ?? target.client.createSender(target.queue);
  let sent = 0;
  let batches = 0;
  try {
    let batch = await sender.createMessageBatch();
    for (const update of updates) {
      if (options.signal?.aborted) break;
      const message = toUpdateMessage(update);
      if (batch.tryAddMessage(message)) continue;
      if (batch.count === 0) throw new Error(`update ${update.updateId} is larger than a Service Bus message may be`);
      await sender.sendMessages(batch);
      sent += batch.count;
      batches++;
      options.onProgress?.(sent, updates.slice(sent - batch.count, sent));
      batch = await sender.createMessageBatch();
      if (!batch.tryAddMessage(message)) throw new Error(`update ${update.updateId} does not fit a message`);
    }
    if (batch.count > 0 && !options.signal?.aborted) {
      await sender.sendMessages(batch);
      sent += batch.count;
      batches++;
      options.onProgress?.(sent, updates.slice(sent - batch.count, sent));
    }
  } catch (error) {
    const after = sent > 0 ? ` (after ${sent} sent)` : "";
    throw serviceBusFailure(`sending to ${target.queue}${after}`, target.queue, error);
  } finally {
    if (!target.sender) await sender.close().catch(() => {});
  }
  const elapsedInMs = performance.now() - started;
  const interrupted = sent < updates.length;
  return { sent, batches, elapsedInMs, perSecond: sent / Math.max(elapsedInMs / 1000, 0.001), interrupted };
}

/** The Service Bus message for one update (DESIGN §2: JSON, `messageId` = updateId). */
export function toUpdateMessage(update: UpdateBody): ServiceBusMessage {
  return { body: update, messageId: update.updateId, contentType: "application/json" };
}
