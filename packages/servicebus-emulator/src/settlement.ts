// Settling a locked message — complete, abandon, defer or dead-letter — the same way whether the receiver
// used its link or `$management`; a lock that is gone (expired, settled, session lost) is reported, not thrown.
import type { Entity } from "./entity.js";
import { mergeApplicationProperties } from "./storedMessage.js";

/** How a receiver settles a locked message. */
export type Settlement =
  | { kind: "complete" }
  | { kind: "abandon" | "defer"; properties?: Record<string, unknown> }
  | { kind: "deadLetter"; reason?: string; description?: string; properties?: Record<string, unknown> };

/** Why a settlement failed (the AMQP condition is chosen by the caller). */
export type SettleFailure = "lock-lost" | "session-lock-lost" | undefined;

/** Applies a settlement to the message a lock token covers. */
export function settle(entity: Entity, token: string, settlement: Settlement, now: number): SettleFailure {
  const lock = entity.locks.get(token);
  // An expired lock the timer has not swept yet is already lost.
  if (!lock || (lock.sessionId === undefined && lock.expiresAt <= now)) return "lock-lost";
  if (lock.sessionId !== undefined) {
    const entry = entity.sessions?.entries.get(lock.sessionId);
    if (!entry?.holder || entry.lockedUntil <= now) return "session-lock-lost";
    entry.locks.delete(lock);
  }
  entity.locks.release(lock);
  const m = lock.message;
  switch (settlement.kind) {
    case "complete":
      entity.remove(m);
      break;
    case "abandon":
      mergeApplicationProperties(m, settlement.properties);
      entity.giveBack(m, now);
      break;
    case "defer":
      mergeApplicationProperties(m, settlement.properties);
      entity.defer(m);
      break;
    case "deadLetter":
      entity.deadLetter(m, now, {
        ...settlement.properties,
        DeadLetterReason: settlement.reason,
        DeadLetterErrorDescription: settlement.description,
      });
      break;
  }
  return undefined;
}
