// Reads every bank's results queue as the bank does (a Service Bus receiver, peek-lock, completed after reading) and
// keeps each result with when it arrived. A message the bus delivers again (its lock was lost when the bus
// restarted) has the same sequence number and message id and is kept once; a second message is kept twice.
import type { ServiceBusClient, ServiceBusReceiver } from "@azure/service-bus";
import type { UpdateResult } from "../../lib/ports/submission.js";
import type { ConsortiumBank } from "../consortium/consortiumFile.js";

/** A result as the bank received it. */
export interface ObservedResult {
  bank: string;
  result: UpdateResult;
  receivedAt: number;
}

/** The running observer. */
export interface ResultsObserver {
  readonly results: readonly ObservedResult[];
  /** When the last result arrived (drain waits for quiet). */
  lastAt(): number;
  stop(): Promise<void>;
}

/** Subscribes to every bank's results queue. */
export function observeResults(client: ServiceBusClient, banks: readonly ConsortiumBank[]): ResultsObserver {
  const results: ObservedResult[] = [];
  const seen = new Set<string>();
  let lastAt = Date.now();
  const receivers: ServiceBusReceiver[] = banks.map((bank) => {
    const receiver = client.createReceiver(bank.resultsQueue, { receiveMode: "peekLock" });
    receiver.subscribe(
      {
        processMessage: async (message) => {
          const key = `${bank.name}/${String(message.sequenceNumber)}/${String(message.messageId)}`;
          lastAt = Date.now();
          if (seen.has(key)) return;
          seen.add(key);
          results.push({ bank: bank.name, result: message.body as UpdateResult, receivedAt: lastAt });
        },
        processError: async () => {},
      },
      { maxConcurrentCalls: 16, autoCompleteMessages: true },
    );
    return receiver;
  });
  return {
    results,
    lastAt: () => lastAt,
    stop: async () => {
      await Promise.all(receivers.map((r) => r.close().catch(() => {})));
    },
  };
}
