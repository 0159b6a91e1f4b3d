// Service Bus triggers and output bindings through the real @azure/service-bus SDK, so the host works against the
// local emulator, Microsoft's emulator or a namespace: peek-lock receivers with lock renewal while a function runs,
// complete on success and abandon on failure (the broker dead-letters after maxDeliveryCount), `maxConcurrentCalls`,
// `cardinality: "many"` batches, and session receivers when `isSessionsEnabled`.
import {
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
  type ServiceBusSessionReceiver,
} from "@azure/service-bus";
import type { FunctionEntry } from "../functionIndex.js";
import type { Invoker, OutputHandler } from "../invoker.js";
import type { LogSink } from "../logger.js";
import type { HostConfig } from "../settings.js";
import { ServiceBusClients, entityOf, type SendOptions } from "./clients.js";
import { batchTriggerData, batchTriggerMetadata, triggerData, triggerMetadata } from "./messages.js";

export type { SendOptions } from "./clients.js";

/** Options for {@link ServiceBusTriggers}. */
export interface ServiceBusTriggersOptions {
  functions: ReadonlyMap<string, FunctionEntry>;
  config: HostConfig;
  settings: Record<string, string>;
  log: LogSink;
}

const IDLE_WAIT_MS = 1000;

/** Receives messages for Service Bus-triggered functions and sends output binding messages. */
export class ServiceBusTriggers {
  readonly #options: ServiceBusTriggersOptions;
  readonly #clients: ServiceBusClients;
  readonly #closers: (() => Promise<void>)[] = [];
  readonly #loops: Promise<void>[] = [];
  #invoker: Invoker | undefined;
  #stopped = false;
  readonly #abort = new AbortController();

  constructor(options: ServiceBusTriggersOptions) {
    this.#options = options;
    this.#clients = new ServiceBusClients(options.settings, options.config.serviceBus.clientRetryOptions);
  }

  attach(invoker: Invoker): void {
    this.#invoker = invoker;
  }

  /** The `serviceBus` output binding handler. */
  outputHandlers(): Record<string, OutputHandler> {
    return { servicebus: (binding, data) => this.#clients.sendOutput(binding, data) };
  }

  /** Starts a receiver per Service Bus-triggered function. */
  async start(): Promise<void> {
    const triggers = [...this.#options.functions.values()].filter(
      (fn) => fn.trigger.type.toLowerCase() === "servicebustrigger",
    );
    if (triggers.length > 0 && !this.#options.config.serviceBus.autoCompleteMessages) {
      this.#options.log({
        time: new Date(),
        level: "warning",
        category: "host",
        message:
          "autoCompleteMessages is false: messages are left to expire their locks (SDK-type settlement bindings are not supported)",
      });
    }
    for (const fn of triggers) {
      try {
        this.#clients.get(fn.trigger);
        if (fn.trigger.isSessionsEnabled === true) {
          for (let i = 0; i < this.#options.config.serviceBus.maxConcurrentSessions; i++)
            this.#loops.push(this.#sessionLoop(fn));
        } else if (fn.trigger.cardinality === "many") {
          this.#loops.push(this.#batchLoop(fn, this.#receiver(fn)));
        } else this.#subscribe(fn);
      } catch (error) {
        // As in Azure, a listener that cannot start is reported and the rest of the host keeps running.
        this.#log(
          fn,
          "error",
          `The listener for function 'Functions.${fn.name}' was unable to start: ${String(error)}`,
        );
      }
    }
  }

  /** Sends a message to a queue or topic (used by the test harness). */
  send(entity: string, body: unknown, options: SendOptions = {}): Promise<void> {
    return this.#clients.send(entity, body, options);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await Promise.allSettled(this.#closers.map((close) => close()));
    // A pending acceptNextSession ignores the abort signal; closing the clients ends it.
    await this.#clients.close();
    const grace = new Promise((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([Promise.allSettled(this.#loops), grace]);
  }

  #receiver(fn: FunctionEntry): ServiceBusReceiver {
    const renewal = { maxAutoLockRenewalDurationInMs: this.#options.config.serviceBus.maxAutoLockRenewalDurationInMs };
    const { queueName, topicName, subscriptionName } = fn.trigger;
    const client = this.#clients.get(fn.trigger);
    const receiver =
      typeof queueName === "string"
        ? client.createReceiver(queueName, renewal)
        : client.createReceiver(String(topicName), String(subscriptionName), renewal);
    this.#closers.push(() => receiver.close());
    return receiver;
  }

  #subscribe(fn: FunctionEntry): void {
    const receiver = this.#receiver(fn);
    const subscription = receiver.subscribe(
      {
        processMessage: (message) => this.#handle(fn, receiver, [message]),
        processError: async (args) => {
          if (!this.#stopped) this.#log(fn, "warning", `Service Bus receive error: ${args.error.message}`);
        },
      },
      { autoCompleteMessages: false, maxConcurrentCalls: this.#options.config.serviceBus.maxConcurrentCalls },
    );
    this.#closers.unshift(() => subscription.close());
  }

  async #batchLoop(
    fn: FunctionEntry,
    receiver: ServiceBusReceiver | ServiceBusSessionReceiver,
    idleExit = false,
  ): Promise<void> {
    const { maxMessageBatchSize } = this.#options.config.serviceBus;
    while (!this.#stopped) {
      let messages: ServiceBusReceivedMessage[];
      try {
        messages = await receiver.receiveMessages(maxMessageBatchSize, {
          // A session receiver lets its session go after `sessionIdleTimeout` without messages.
          maxWaitTimeInMs: idleExit
            ? (this.#options.config.serviceBus.sessionIdleTimeoutInMs ?? IDLE_WAIT_MS)
            : IDLE_WAIT_MS,
          abortSignal: this.#abort.signal,
        });
      } catch (error) {
        if (!this.#stopped) this.#log(fn, "warning", `Service Bus receive error: ${String(error)}`);
        if (idleExit) return;
        await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
        continue;
      }
      if (messages.length === 0) {
        if (idleExit) return;
        continue;
      }
      if (fn.trigger.cardinality === "many") await this.#handle(fn, receiver, messages);
      else for (const message of messages) await this.#handle(fn, receiver, [message]);
    }
  }

  async #sessionLoop(fn: FunctionEntry): Promise<void> {
    const { queueName, topicName, subscriptionName } = fn.trigger;
    const options = {
      maxAutoLockRenewalDurationInMs: this.#options.config.serviceBus.maxAutoLockRenewalDurationInMs,
      abortSignal: this.#abort.signal,
    };
    while (!this.#stopped) {
      let session: ServiceBusSessionReceiver;
      try {
        const client = this.#clients.get(fn.trigger);
        session =
          typeof queueName === "string"
            ? await client.acceptNextSession(queueName, options)
            : await client.acceptNextSession(String(topicName), String(subscriptionName), options);
      } catch {
        // No session available within the service's wait time (or a transient error): try again.
        if (!this.#stopped) await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const close = (): Promise<void> => session.close();
      this.#closers.push(close);
      await this.#batchLoop(fn, session, true);
      this.#closers.splice(this.#closers.indexOf(close), 1);
      await session.close().catch(() => undefined);
    }
  }

  async #handle(fn: FunctionEntry, receiver: ServiceBusReceiver, messages: ServiceBusReceivedMessage[]): Promise<void> {
    const many = fn.trigger.cardinality === "many";
    const entity = entityOf(fn.trigger);
    const first = messages[0] as ServiceBusReceivedMessage;
    try {
      await (this.#invoker as Invoker).invoke(fn, {
        triggerData: many ? batchTriggerData(messages) : triggerData(first),
        triggerMetadata: many ? batchTriggerMetadata(messages, fn.name) : triggerMetadata(first, fn.name),
        reason: `New ServiceBus message detected on '${entity}'.`,
      });
    } catch {
      // The invoker logged the failure; abandoning makes the message available again (DLQ after maxDeliveryCount).
      if (!this.#stopped) await Promise.allSettled(messages.map((m) => receiver.abandonMessage(m)));
      return;
    }
    if (!this.#options.config.serviceBus.autoCompleteMessages) return;
    await Promise.allSettled(messages.map((m) => receiver.completeMessage(m)));
  }

  #log(fn: FunctionEntry, level: "warning" | "error", message: string): void {
    this.#options.log({ time: new Date(), level, category: "host", functionName: fn.name, message });
  }
}
