// Conversions between Service Bus messages and the worker protocol: the trigger value (`{string}`/`{json}`, or
// collections for `cardinality: "many"`), trigger metadata keyed as the Functions runtime shapes it (with `…Array`
// keys for batches and `sys`), and output binding values turned into messages.
import { randomUUID } from "node:crypto";
import type { ServiceBusMessage, ServiceBusReceivedMessage } from "@azure/service-bus";
import type { RpcTypedData } from "../coreTypes.js";

/** The message body as the runtime passes it: text stays text (the library JSON-parses it), objects as JSON. */
export function bodyText(message: ServiceBusReceivedMessage): string {
  const body: unknown = message.body;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString("utf8");
  return JSON.stringify(body ?? null);
}

/** The trigger value for one message. */
export function triggerData(message: ServiceBusReceivedMessage): RpcTypedData {
  const body: unknown = message.body;
  if (typeof body === "string" || body instanceof Uint8Array) return { string: bodyText(message) };
  return { json: JSON.stringify(body ?? null) };
}

/** The trigger value for a batch (`cardinality: "many"`). */
export function batchTriggerData(messages: ServiceBusReceivedMessage[]): RpcTypedData {
  return { collectionString: { string: messages.map(bodyText) } };
}

function properties(message: ServiceBusReceivedMessage): Record<string, unknown> {
  return {
    MessageId: message.messageId === undefined ? null : String(message.messageId),
    // The JS SDK reports AMQP delivery-count (0 on first delivery); the .NET runtime reports it plus one.
    DeliveryCount: (message.deliveryCount ?? 0) + 1,
    SequenceNumber: message.sequenceNumber === undefined ? null : Number(message.sequenceNumber.toString()),
    EnqueuedTimeUtc: message.enqueuedTimeUtc?.toISOString() ?? null,
    ExpiresAtUtc: message.expiresAtUtc?.toISOString() ?? null,
    LockToken: message.lockToken ?? null,
    ContentType: message.contentType ?? null,
    CorrelationId: message.correlationId === undefined ? null : String(message.correlationId),
    Label: message.subject ?? null,
    Subject: message.subject ?? null,
    To: message.to ?? null,
    ReplyTo: message.replyTo ?? null,
    SessionId: message.sessionId ?? null,
    DeadLetterSource: message.deadLetterSource ?? null,
    ApplicationProperties: message.applicationProperties ?? {},
    UserProperties: message.applicationProperties ?? {},
  };
}

function typed(value: unknown): RpcTypedData {
  return typeof value === "string" ? { string: value } : { json: JSON.stringify(value) };
}

function sys(methodName: string, now: Date): RpcTypedData {
  return { json: JSON.stringify({ MethodName: methodName, UtcNow: now.toISOString(), RandGuid: randomUUID() }) };
}

/** Trigger metadata for one message. */
export function triggerMetadata(
  message: ServiceBusReceivedMessage,
  functionName: string,
): Record<string, RpcTypedData> {
  const metadata: Record<string, RpcTypedData> = {};
  for (const [key, value] of Object.entries(properties(message))) if (value !== null) metadata[key] = typed(value);
  metadata.sys = sys(functionName, new Date());
  return metadata;
}

/** Trigger metadata for a batch: every key gets the `Array` suffix and one entry per message. */
export function batchTriggerMetadata(
  messages: ServiceBusReceivedMessage[],
  functionName: string,
): Record<string, RpcTypedData> {
  const all = messages.map(properties);
  const metadata: Record<string, RpcTypedData> = {};
  for (const key of Object.keys(all[0] ?? {}))
    metadata[`${key}Array`] = { json: JSON.stringify(all.map((p) => p[key])) };
  metadata.sys = sys(functionName, new Date());
  return metadata;
}

function decode(data: RpcTypedData): unknown {
  if (typeof data.json === "string") return JSON.parse(data.json) as unknown;
  if (typeof data.string === "string") return data.string;
  if (data.bytes) return Buffer.from(data.bytes);
  if (typeof data.int === "number") return data.int;
  if (typeof data.double === "number") return data.double;
  return undefined;
}

/** Messages for an output binding value: an array becomes one message per item; objects are sent as JSON. */
export function outputMessages(data: RpcTypedData): ServiceBusMessage[] {
  const value = decode(data);
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.map((item) => {
    if (Buffer.isBuffer(item)) return { body: item };
    if (typeof item === "string") return { body: Buffer.from(item, "utf8") };
    return { body: Buffer.from(JSON.stringify(item), "utf8"), contentType: "application/json" };
  });
}
