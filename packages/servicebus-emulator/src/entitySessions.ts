// Session locking on a session-enabled entity: accepting a named or the next available session (with
// long-polling), releasing it when the receiver goes away, and expiring session locks nobody renewed.
import type { Entity } from "./entity.js";
import type { Consumer, SessionEntry } from "./sessionStore.js";

/** The outcome of a session accept: bound now, held by someone else, or waiting for a session. */
export type AcceptOutcome = "bound" | "locked" | "waiting";

/** Binds `consumer` to the named session, or to the next available one (waiting up to `deadline`). */
export function acceptSession(
  entity: Entity,
  sessionId: string | undefined,
  consumer: Consumer,
  deadline: number,
  callbacks: { onSession(entry: SessionEntry): void; onTimeout(): void },
): AcceptOutcome {
  const sessions = entity.sessions;
  if (!sessions) return "locked";
  const now = Date.now();
  if (sessionId !== undefined) {
    const entry = sessions.entry(sessionId);
    if (entry.holder && entry.lockedUntil > now) return "locked";
    if (entry.holder) releaseSession(entity, entry, now);
    entity.dispatcher.bindSession(entry, consumer, callbacks.onSession);
    return "bound";
  }
  const available = sessions.nextAvailable();
  if (available) {
    entity.dispatcher.bindSession(available, consumer, callbacks.onSession);
    return "bound";
  }
  sessions.waiters.push({ consumer, deadline, ...callbacks });
  return "waiting";
}

/** Ends a session lock: its unsettled messages return (delivery count + 1) and the session is free again. */
export function releaseSession(entity: Entity, entry: SessionEntry, now: number): void {
  entry.holder = undefined;
  entry.lockedUntil = 0;
  const locks = [...entry.locks];
  entry.locks.clear();
  for (const lock of locks.reverse()) {
    entity.locks.release(lock);
    entity.giveBack(lock.message, now);
  }
  entity.sessions?.prune(entry);
  if (entry.messages.size > 0) entity.dispatcher.pumpSession(entry);
}

/** Renews a held session lock (the `$management` renew-session-lock operation); undefined when not held. */
export function renewSessionLock(entity: Entity, sessionId: string, now: number): number | undefined {
  const entry = entity.sessions?.entries.get(sessionId);
  if (!entry?.holder || entry.lockedUntil <= now) return undefined;
  entry.lockedUntil = now + entity.options.lockDurationInMs;
  for (const lock of entry.locks) lock.expiresAt = entry.lockedUntil;
  return entry.lockedUntil;
}

/** Periodic work: session locks that ran out, and accept-next waiters whose timeout passed. */
export function tickSessions(entity: Entity, now: number): void {
  const sessions = entity.sessions;
  if (!sessions) return;
  for (const waiter of sessions.takeTimedOut(now)) waiter.onTimeout();
  for (const entry of sessions.entries.values()) {
    if (entry.holder && entry.lockedUntil <= now) {
      const holder = entry.holder;
      releaseSession(entity, entry, now);
      holder.sessionLost?.();
    }
  }
}
