// A message as the emulator stores it: the sender's bare message kept as raw bytes (never re-encoded on the
// hot path) plus the broker state the service tracks, and the encoding the SDK expects on delivery.
import { encodeApplicationProperties, encodeTyped, layoutOf, newMessageId, SECTION } from "./amqpCodec.js";
import { amqpMessage, amqpTypes, type DecodedMessage } from "./rheaInternals.js";

/** Where a message sits in its entity (locks are tracked separately). */
export type MessageState = "active" | "deferred" | "scheduled";

/** A message held by an entity. */
export interface StoredMessage {
  seq: number;
  messageId: string;
  sessionId: string | undefined;
  enqueuedAt: number;
  scheduledAt: number | undefined;
  expiresAt: number;
  ttlInMs: number | undefined;
  deliveryCount: number;
  state: MessageState;
  /** True once completed, dead-lettered away, expired or cancelled; lazily skipped by queues. */
  removed: boolean;
  /** The current lock token, while locked. */
  lockToken: string | undefined;
  durable: boolean;
  priority: number;
  /** The sender's message annotations (x-opt-scheduled-enqueue-time, x-opt-partition-key, ...). */
  annotations: Record<string, unknown> | undefined;
  properties: Buffer;
  applicationProperties: Record<string, unknown> | undefined;
  applicationPropertiesBytes: Buffer;
  body: Buffer;
  /** The sequence number in the entity it was first enqueued to (differs in a dead-letter queue). */
  enqueueSeq: number | undefined;
}

const MAX_UINT = 0xffffffff;

function messageIdText(id: DecodedMessage["message_id"]): string | undefined {
  if (id === undefined || id === null) return undefined;
  if (Buffer.isBuffer(id)) {
    const hex = id.toString("hex");
    return id.length === 16
      ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
      : hex;
  }
  return String(id);
}

/**
 * Builds a stored message from a decoded message and the bytes it was decoded from. Throws RangeError for
 * bytes that are not a well-formed AMQP message. Assigns a message id when the sender gave none (the SDK's
 * lock renewer needs one on every received message).
 */
export function storedMessageFrom(decoded: DecodedMessage, raw: Buffer): StoredMessage {
  const layout = layoutOf(raw);
  let messageId = messageIdText(decoded.message_id);
  let properties = layout.properties;
  if (messageId === undefined) {
    messageId = newMessageId();
    properties = encodeTyped(amqpMessage.properties({ ...decoded, message_id: messageId }).described());
  }
  const annotations = decoded.message_annotations;
  const scheduled = annotations?.["x-opt-scheduled-enqueue-time"];
  return {
    seq: 0,
    messageId,
    sessionId: decoded.group_id ?? undefined,
    enqueuedAt: 0,
    scheduledAt:
      scheduled instanceof Date ? scheduled.getTime() : typeof scheduled === "number" ? scheduled : undefined,
    expiresAt: Number.POSITIVE_INFINITY,
    ttlInMs: typeof decoded.ttl === "number" && decoded.ttl > 0 ? decoded.ttl : undefined,
    deliveryCount: 0,
    state: "active",
    removed: false,
    lockToken: undefined,
    durable: decoded.durable === true,
    priority: typeof decoded.priority === "number" ? decoded.priority : 4,
    annotations,
    properties,
    applicationProperties: decoded.application_properties,
    applicationPropertiesBytes: layout.applicationProperties,
    body: layout.body,
    enqueueSeq: undefined,
  };
}

/** Merges application properties into a message (abandon/defer/dead-letter `propertiesToModify`). */
export function mergeApplicationProperties(m: StoredMessage, props: Record<string, unknown> | undefined): void {
  if (!props || Object.keys(props).length === 0) return;
  const merged: Record<string, unknown> = { ...m.applicationProperties };
  for (const [k, v] of Object.entries(props)) if (v !== undefined) merged[k] = v;
  m.applicationProperties = merged;
  m.applicationPropertiesBytes = encodeApplicationProperties(merged);
}

const STATE_CODE = { active: 0, deferred: 1, scheduled: 2 } as const;

const annotationWriter = new amqpTypes.Writer();
const headerCache = new Map<string, Buffer>();
const HEADER_CACHE_LIMIT = 1024;

/** The encoded header section; few distinct headers exist, so they are cached. */
function headerBytes(m: StoredMessage): Buffer {
  const ttl = m.ttlInMs !== undefined && m.ttlInMs <= MAX_UINT ? m.ttlInMs : undefined;
  const key = `${m.durable ? 1 : 0}|${m.priority}|${ttl ?? ""}|${m.deliveryCount}`;
  let bytes = headerCache.get(key);
  if (!bytes) {
    if (headerCache.size >= HEADER_CACHE_LIMIT) headerCache.clear();
    const header = {
      durable: m.durable,
      priority: m.priority,
      ttl,
      first_acquirer: m.deliveryCount === 0,
      delivery_count: m.deliveryCount,
    };
    bytes = encodeTyped(amqpMessage.header(header).described());
    headerCache.set(key, bytes);
  }
  return bytes;
}

/** Encodes a message as the service delivers it: header, broker annotations, then the untouched bare message. */
export function encodeForDelivery(m: StoredMessage, lockedUntil: number | undefined): Buffer {
  const annotations: Record<string, unknown> = {
    ...m.annotations,
    "x-opt-sequence-number": amqpTypes.wrap_long(m.seq),
    "x-opt-enqueue-sequence-number": amqpTypes.wrap_long(m.enqueueSeq ?? m.seq),
    "x-opt-enqueued-time": amqpTypes.wrap_timestamp(m.enqueuedAt),
    "x-opt-message-state": amqpTypes.wrap_int(STATE_CODE[m.state]),
  };
  if (lockedUntil !== undefined) annotations["x-opt-locked-until"] = amqpTypes.wrap_timestamp(lockedUntil);
  // One writer reused for every delivery (its buffer only grows); concat copies the bytes out.
  annotationWriter.position = 0;
  annotationWriter.write(
    amqpTypes.described(amqpTypes.wrap_ulong(SECTION.messageAnnotations), amqpTypes.wrap_symbolic_map(annotations)),
  );
  return Buffer.concat([
    headerBytes(m),
    annotationWriter.toBuffer(),
    m.properties,
    m.applicationPropertiesBytes,
    m.body,
  ]);
}
