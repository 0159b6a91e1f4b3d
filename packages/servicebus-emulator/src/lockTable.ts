// Peek-lock bookkeeping for one entity: lock tokens → locked messages, and lock expiry in O(1) per lock
// (every lock in an entity has the same duration, so expiry times arrive in order and a FIFO suffices).
import { newLockToken } from "./amqpCodec.js";
import { Deque } from "./deque.js";
import type { RheaDelivery } from "./rheaInternals.js";
import type { StoredMessage } from "./storedMessage.js";

/** A lock held on a message by a receiver. */
export interface Lock {
  token: string;
  tag: Buffer;
  message: StoredMessage;
  expiresAt: number;
  /** The session whose lock covers this message (session locks expire with the session, not alone). */
  sessionId: string | undefined;
  /** The delivery that carried the message, while its link is attached. */
  delivery: RheaDelivery | undefined;
  released: boolean;
}

/** The locks of one entity. */
export class LockTable {
  private readonly byToken = new Map<string, Lock>();
  // Entries name the token, not the lock, so a settled message is not kept alive until its lock would expire.
  private readonly expiry = new Deque<{ token: string; at: number }>();

  constructor(private readonly durationInMs: number) {}

  get size(): number {
    return this.byToken.size;
  }

  /** Locks a message for `durationInMs`, or until its session lock ends when `sessionId` is given. */
  acquire(message: StoredMessage, now: number, sessionId?: string, sessionLockedUntil?: number): Lock {
    const { token, tag } = newLockToken();
    const lock: Lock = {
      token,
      tag,
      message,
      expiresAt: sessionLockedUntil ?? now + this.durationInMs,
      sessionId,
      delivery: undefined,
      released: false,
    };
    message.lockToken = token;
    this.byToken.set(token, lock);
    if (sessionId === undefined) this.pushExpiry(token, lock.expiresAt);
    return lock;
  }

  get(token: string): Lock | undefined {
    return this.byToken.get(token);
  }

  /** Extends a lock by the entity's lock duration; returns the new expiry. */
  renew(lock: Lock, now: number): number {
    lock.expiresAt = now + this.durationInMs;
    this.pushExpiry(lock.token, lock.expiresAt);
    return lock.expiresAt;
  }

  private pushExpiry(token: string, at: number): void {
    // Settled locks leave entries behind until their time; compact when they outnumber live locks (amortised O(1)).
    if (this.expiry.size > 2 * this.byToken.size + 4096) {
      this.expiry.filter((e) => this.byToken.get(e.token)?.expiresAt === e.at);
    }
    this.expiry.push({ token, at });
  }

  /** Drops a lock (settled, expired or released); later use of its token is a lost lock. */
  release(lock: Lock): void {
    lock.released = true;
    if (lock.message.lockToken === lock.token) lock.message.lockToken = undefined;
    this.byToken.delete(lock.token);
  }

  /** Releases and returns every non-session lock whose time has passed. */
  takeExpired(now: number): Lock[] {
    const expired: Lock[] = [];
    for (let head = this.expiry.peek(); head && head.at <= now; head = this.expiry.peek()) {
      this.expiry.shift();
      const lock = this.byToken.get(head.token);
      if (!lock || lock.expiresAt !== head.at) continue;
      this.release(lock);
      expired.push(lock);
    }
    return expired;
  }

  /** All live locks (for session release and shutdown). */
  all(): IterableIterator<Lock> {
    return this.byToken.values();
  }
}
