// Messages arriving on a sender's link: a single message (format 0) or the SDK's batch envelope (format
// 0x80013700, one `data` section per encoded message). Validates size and session id, enqueues, and answers
// with `accepted` or the rejection the service would give.
import type { EventContext } from "rhea";
import type { Entity } from "./entity.js";
import { CONDITION, type AmqpError } from "./errors.js";
import { amqpMessage, rawBytesOf, type DecodedMessage, type RheaDelivery } from "./rheaInternals.js";
import { storedMessageFrom, type StoredMessage } from "./storedMessage.js";

/** The Standard tier's maximum message size, advertised on every sender attach. */
export const MAX_MESSAGE_SIZE_IN_BYTES = 256 * 1024;
/** The message format of the SDK's batched sends. */
const BATCH_FORMAT = 0x80013700;

function dataSections(envelope: DecodedMessage): Buffer[] {
  const body = envelope.body as { typecode?: number; content?: unknown; multiple?: boolean } | null | undefined;
  // An empty batch (the SDK sends one when nothing was added) carries no body at all.
  if (body === null || body === undefined) return [];
  if (body.typecode !== 0x75) throw new RangeError("a batch must carry data sections");
  const parts = body.multiple ? (body.content as unknown[]) : [body.content];
  return parts.filter((p): p is Buffer => Buffer.isBuffer(p));
}

function decodeMessages(context: EventContext): StoredMessage[] {
  const format = (context as { format?: number }).format;
  if (format === undefined || format === 0) {
    const decoded = context.message as unknown as DecodedMessage;
    const raw = rawBytesOf(decoded);
    if (!raw) throw new RangeError("message bytes were not captured");
    return [storedMessageFrom(decoded, raw)];
  }
  if (format !== BATCH_FORMAT) throw new RangeError(`unsupported message format ${format}`);
  return dataSections(amqpMessage.decode(context.message as unknown as Buffer)).map((bytes) =>
    storedMessageFrom(amqpMessage.decode(bytes), bytes),
  );
}

function sizeOf(context: EventContext): number {
  const message = context.message as unknown;
  if (Buffer.isBuffer(message)) return message.length;
  return rawBytesOf(message as object)?.length ?? 0;
}

function validate(entity: Entity, context: EventContext, messages: StoredMessage[]): AmqpError | undefined {
  const size = sizeOf(context);
  if (size > MAX_MESSAGE_SIZE_IN_BYTES) {
    return {
      condition: CONDITION.messageSizeExceeded,
      description: `The received message (size: ${size} bytes) exceeds the limit (${MAX_MESSAGE_SIZE_IN_BYTES} bytes) currently allowed on the link.`,
    };
  }
  if (entity.sessions && messages.some((m) => m.sessionId === undefined)) {
    return {
      condition: CONDITION.notAllowed,
      description:
        "The SessionId was not set on a message, and it cannot be sent to the entity. Entities that have session support enabled can only receive messages that have the SessionId set to a valid value.",
    };
  }
  return undefined;
}

/** Enqueues what a sender sent and settles its delivery; malformed input is rejected, never thrown. */
export function acceptIncoming(entity: Entity, context: EventContext): void {
  const delivery = context.delivery as unknown as RheaDelivery;
  let error: AmqpError | undefined;
  try {
    const messages = decodeMessages(context);
    error = validate(entity, context, messages);
    if (!error) {
      const now = Date.now();
      for (const m of messages) entity.send(m, now);
    }
  } catch (e) {
    error = {
      condition: "amqp:decode-error",
      description: `The message could not be decoded: ${(e as Error).message}`,
    };
  }
  if (error) return delivery.update(true, amqpMessage.rejected({ error }).described());
  // With persistence on, a send is acknowledged only once it is on disk, as the service does.
  entity.whenDurable(() => delivery.update(true, amqpMessage.accepted().described()));
}
