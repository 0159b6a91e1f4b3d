// The `$management` operations on one entity's messages: lock renewal, peek, schedule and cancel, receive of
// deferred messages by sequence number, and settlement by lock token (used once the receive link is gone).
import { uuidBytesOf } from "./amqpCodec.js";
import type { Entity } from "./entity.js";
import { settle, type Settlement } from "./settlement.js";
import { CONDITION, messageLockLost, sessionLockLost } from "./errors.js";
import { MAX_MESSAGE_SIZE_IN_BYTES } from "./incomingMessages.js";
import { sessionOperation } from "./managementSessions.js";
import {
  badRequest,
  fail,
  lockTokensOf,
  longArray,
  longOf,
  ok,
  sequenceNumbersOf,
  stringOf,
  type RequestBody,
} from "./managementValues.js";
import type { Reply } from "./requestReply.js";
import { amqpMessage, amqpTypes, settleDelivery } from "./rheaInternals.js";
import { encodeForDelivery, storedMessageFrom, type StoredMessage } from "./storedMessage.js";

const OP = "com.microsoft:";

/** Handles one `$management` request for an entity. */
export function manage(entity: Entity, operation: string, body: RequestBody, now: number): Reply | Promise<Reply> {
  switch (operation) {
    case `${OP}renew-lock`:
      return renewLock(entity, body, now);
    case `${OP}peek-message`:
      return peek(entity, body);
    case `${OP}schedule-message`:
      return schedule(entity, body, now);
    case `${OP}cancel-scheduled-message`:
      return cancelScheduled(entity, body);
    case `${OP}receive-by-sequence-number`:
      return receiveDeferred(entity, body, now);
    case `${OP}update-disposition`:
      return updateDisposition(entity, body, now);
    default:
      return (
        sessionOperation(entity, operation, body, now) ??
        fail(501, CONDITION.notImplemented, `The operation '${operation}' is not supported by the emulator.`)
      );
  }
}

function renewLock(entity: Entity, body: RequestBody, now: number): Reply {
  const tokens = lockTokensOf(body);
  if (tokens.length === 0) return badRequest("The request has no lock-tokens.");
  const expirations: Date[] = [];
  for (const token of tokens) {
    const lock = entity.locks.get(token);
    if (!lock || lock.expiresAt <= now) return fail(410, CONDITION.messageLockLost, messageLockLost().description);
    expirations.push(new Date(lock.sessionId === undefined ? entity.locks.renew(lock, now) : lock.expiresAt));
  }
  return ok({ expirations });
}

function peek(entity: Entity, body: RequestBody): Reply {
  const from = longOf(body["from-sequence-number"]) ?? 1;
  const count = typeof body["message-count"] === "number" ? body["message-count"] : 1;
  const sessionId = stringOf(body, "session-id");
  const messages: { message: Buffer }[] = [];
  for (const m of entity.all.values()) {
    if (messages.length >= count) break;
    if (m.seq < from || (sessionId !== undefined && m.sessionId !== sessionId)) continue;
    messages.push({ message: encodeForDelivery(m, undefined) });
  }
  if (messages.length === 0) return { statusCode: 204, statusDescription: "No messages to peek." };
  return ok({ messages });
}

function schedule(entity: Entity, body: RequestBody, now: number): Reply | Promise<Reply> {
  const items = body.messages;
  if (!Array.isArray(items)) return badRequest("The request has no messages.");
  const stored = [];
  for (const item of items as { message?: unknown }[]) {
    if (!Buffer.isBuffer(item?.message)) return badRequest("A scheduled message is not binary.");
    if (item.message.length > MAX_MESSAGE_SIZE_IN_BYTES) {
      return fail(413, CONDITION.messageSizeExceeded, "The scheduled message exceeds the size limit.");
    }
    const m = decodeScheduled(item.message);
    if (!m) return badRequest("A scheduled message could not be decoded.");
    if (entity.sessions && m.sessionId === undefined) {
      return fail(
        400,
        CONDITION.notAllowed,
        "The SessionId was not set on a message sent to a session-enabled entity.",
      );
    }
    stored.push(m);
  }
  for (const m of stored) entity.admit(m, now);
  const reply = ok({ "sequence-numbers": longArray(stored.map((m) => m.seq)) });
  return new Promise<Reply>((resolve) => entity.whenDurable(() => resolve(reply)));
}

function decodeScheduled(bytes: Buffer): StoredMessage | undefined {
  try {
    return storedMessageFrom(amqpMessage.decode(bytes), bytes);
  } catch {
    return undefined;
  }
}

function cancelScheduled(entity: Entity, body: RequestBody): Reply {
  const seqs = sequenceNumbersOf(body);
  if (seqs.length === 0) return badRequest("The request has no sequence-numbers.");
  for (const seq of seqs) {
    const m = entity.all.get(seq);
    if (m?.state === "scheduled") entity.remove(m);
  }
  return ok();
}

function receiveDeferred(entity: Entity, body: RequestBody, now: number): Reply {
  const receiveAndDelete = body["receiver-settle-mode"] === 0;
  const sessionId = stringOf(body, "session-id");
  const session = sessionId === undefined ? undefined : entity.sessions?.entries.get(sessionId);
  if (sessionId !== undefined && !session?.holder)
    return fail(410, CONDITION.sessionLockLost, sessionLockLost().description);
  const seqs = sequenceNumbersOf(body);
  if (seqs.length === 0) return badRequest("The request has no sequence-numbers.");
  const messages = [];
  for (const seq of seqs) {
    const m = entity.all.get(seq);
    if (!m || m.state !== "deferred") {
      return fail(
        404,
        CONDITION.messageNotFound,
        `The message with sequence number ${seq} could not be found or is not deferred.`,
      );
    }
    if (receiveAndDelete) {
      entity.remove(m);
      messages.push({ message: encodeForDelivery(m, undefined) });
      continue;
    }
    const lock = entity.locks.acquire(m, now, session?.id, session?.lockedUntil);
    session?.locks.add(lock);
    messages.push({
      "lock-token": amqpTypes.wrap_uuid(uuidBytesOf(lock.token)),
      message: encodeForDelivery(m, lock.expiresAt),
    });
  }
  return ok({ messages });
}

function settlementOf(body: RequestBody): Settlement | undefined {
  const properties = body["properties-to-modify"] as Record<string, unknown> | undefined;
  switch (body["disposition-status"]) {
    case "completed":
      return { kind: "complete" };
    case "abandoned":
      return { kind: "abandon", properties };
    case "defered":
    case "deferred":
      return { kind: "defer", properties };
    case "suspended":
      return {
        kind: "deadLetter",
        reason: stringOf(body, "deadletter-reason"),
        description: stringOf(body, "deadletter-description"),
        properties,
      };
    default:
      return undefined;
  }
}

function updateDisposition(entity: Entity, body: RequestBody, now: number): Reply {
  const settlement = settlementOf(body);
  if (!settlement) return badRequest("The disposition-status is not one of completed, abandoned, defered, suspended.");
  const tokens = lockTokensOf(body);
  if (tokens.length === 0) return badRequest("The request has no lock-tokens.");
  for (const token of tokens) {
    const delivery = entity.locks.get(token)?.delivery;
    const failure = settle(entity, token, settlement, now);
    if (failure === "lock-lost") return fail(410, CONDITION.messageLockLost, messageLockLost().description);
    if (failure === "session-lock-lost") return fail(410, CONDITION.sessionLockLost, sessionLockLost().description);
    // Settle the link delivery too, so it does not hold a slot in the session's outgoing buffer.
    if (delivery && !delivery.remote_settled) settleDelivery(delivery, amqpMessage.accepted().described());
  }
  return ok();
}
