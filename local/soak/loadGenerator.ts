// Offers a steady rate of messages to every bank's inbound queue as a core system would: each bank's messages are
// generated on schedule into its own backlog and sent in size-bounded batches; a send that fails (the bus is down)
// is retried until it succeeds, which duplicate detection makes safe. Only sends that succeeded count as sent.
import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from "@azure/service-bus";
import type { ConsortiumBank } from "../consortium/consortiumFile.js";
import { messageMix, type OfferedMessage } from "./messageMix.js";

/** A message the bus took, when, and for which bank. */
export interface SentMessage {
  bank: string;
  message: OfferedMessage;
  sentAt: number;
}

/** A running load. */
export interface Load {
  readonly sent: readonly SentMessage[];
  /** When the update with this id was first sent. */
  sentAt(updateId: string): number | undefined;
  /** Stops generating and resolves once every generated message was sent. */
  stop(): Promise<void>;
}

const TICK_IN_MS = 100;
const RETRY_IN_MS = 1_000;

/** Starts offering `ratePerSecond` messages in total, spread evenly over `banks`. */
export function startLoad(options: {
  client: ServiceBusClient;
  banks: readonly ConsortiumBank[];
  ratePerSecond: number;
  seed: string;
}): Load {
  const sent: SentMessage[] = [];
  const firstSent = new Map<string, number>();
  const started = Date.now();
  const perBank = options.ratePerSecond / options.banks.length;
  let generating = true;
  const loops = options.banks.map((bank) => {
    const next = messageMix(bank.name, options.seed, (id) => firstSent.get(id));
    const backlog: OfferedMessage[] = [];
    let generated = 0;
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * perBank);
      for (; generated < due; generated++) backlog.push(next());
    }, TICK_IN_MS);
    const onSent = (batch: readonly OfferedMessage[]) => {
      const at = Date.now();
      for (const message of batch) {
        sent.push({ bank: bank.name, message, sentAt: at });
        if (!firstSent.has(message.messageId)) firstSent.set(message.messageId, at);
      }
    };
    const done = sendLoop(options.client.createSender(bank.inboundQueue), backlog, () => generating, onSent);
    return { timer, done };
  });
  return {
    sent,
    sentAt: (updateId) => firstSent.get(updateId),
    stop: async () => {
      generating = false;
      for (const loop of loops) clearInterval(loop.timer);
      await Promise.all(loops.map((loop) => loop.done));
    },
  };
}

/** Sends the backlog in batches until generation stopped and the backlog is empty. */
async function sendLoop(
  sender: ServiceBusSender,
  backlog: OfferedMessage[],
  generating: () => boolean,
  onSent: (batch: readonly OfferedMessage[]) => void,
): Promise<void> {
  while (generating() || backlog.length > 0) {
    if (backlog.length === 0) {
      await sleep(TICK_IN_MS);
      continue;
    }
    try {
      const batch = await sender.createMessageBatch();
      let count = 0;
      while (count < backlog.length && batch.tryAddMessage(toMessage(backlog[count] as OfferedMessage))) count++;
      if (count === 0) {
        backlog.shift(); // larger than a message may be: never sent, so never expected
        continue;
      }
      await sender.sendMessages(batch);
      onSent(backlog.splice(0, count));
    } catch {
      await sleep(RETRY_IN_MS);
    }
  }
  await sender.close().catch(() => {});
}

function toMessage(message: OfferedMessage): ServiceBusMessage {
  return { body: message.body, messageId: message.messageId, contentType: "application/json" };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
