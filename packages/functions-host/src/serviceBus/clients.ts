// Service Bus clients shared per connection string (from the binding's `connection` setting), and the sending side:
// output binding values and messages the test harness sends.
import { RetryMode, ServiceBusClient } from "@azure/service-bus";
import type { HostConfig } from "../settings.js";
import type { RpcTypedData } from "../coreTypes.js";
import type { NamedBinding } from "../functionIndex.js";
import { outputMessages } from "./messages.js";

/** Message properties for {@link ServiceBusClients.send}. */
export interface SendOptions {
  messageId?: string;
  sessionId?: string;
  contentType?: string;
  correlationId?: string;
  subject?: string;
  applicationProperties?: Record<string, string | number | boolean>;
  /** Setting name of the connection string. Default `ServiceBusConnection`. */
  connection?: string;
}

const DEFAULT_CONNECTION = "AzureWebJobsServiceBus";

/** One `ServiceBusClient` per connection string. */
export class ServiceBusClients {
  readonly #clients = new Map<string, ServiceBusClient>();

  constructor(
    private readonly settings: Record<string, string>,
    private readonly retry: HostConfig["serviceBus"]["clientRetryOptions"],
  ) {}

  /** The client for a binding's `connection` setting; throws when the setting is missing. */
  get(binding: Record<string, unknown>): ServiceBusClient {
    const name =
      typeof binding.connection === "string" && binding.connection !== "" ? binding.connection : DEFAULT_CONNECTION;
    const connectionString = this.settings[name] ?? process.env[name];
    if (!connectionString) throw new Error(`Service Bus connection setting '${name}' is not set`);
    let client = this.#clients.get(connectionString);
    if (!client) {
      const { mode, ...retryOptions } = this.retry;
      const retryMode = mode === "fixed" ? RetryMode.Fixed : RetryMode.Exponential;
      client = new ServiceBusClient(connectionString, { retryOptions: { ...retryOptions, mode: retryMode } });
      this.#clients.set(connectionString, client);
    }
    return client;
  }

  /** Sends an output binding value (an array becomes one message per item). */
  async sendOutput(binding: NamedBinding, data: RpcTypedData): Promise<void> {
    const messages = outputMessages(data);
    if (messages.length === 0) return;
    const sender = this.get(binding).createSender(entityOf(binding));
    try {
      await sender.sendMessages(messages);
    } finally {
      await sender.close();
    }
  }

  /** Sends one message with `body` as given (objects travel as AMQP values, as the SDK sends them). */
  async send(entity: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const { connection = "ServiceBusConnection", ...properties } = options;
    const sender = this.get({ connection }).createSender(entity);
    try {
      await sender.sendMessages({ ...properties, body });
    } finally {
      await sender.close();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#clients.values()].map((client) => client.close()));
  }
}

/** The queue, topic or `topic/Subscriptions/subscription` a binding names. */
export function entityOf(binding: NamedBinding): string {
  if (typeof binding.queueName === "string") return binding.queueName;
  return typeof binding.subscriptionName === "string"
    ? `${String(binding.topicName)}/Subscriptions/${binding.subscriptionName}`
    : String(binding.topicName);
}
