// Sessions of one session-enabled entity: each session's ordered messages, its state and the receiver that
// holds its lock, plus receivers long-polling for "the next available session".
import { Deque } from "./deque.js";
import type { Lock } from "./lockTable.js";
import type { StoredMessage } from "./storedMessage.js";

/** A receiver that can be handed messages; session receivers are bound to one session. */
export interface Consumer {
  readonly receiveAndDelete: boolean;
  /** How many more messages the receiver has credit for. */
  available(): number;
  deliver(message: StoredMessage, lock: Lock | undefined): void;
  /** The session lock ended without the receiver releasing it (lock expired). */
  sessionLost?(): void;
}

/** One session of an entity. */
export interface SessionEntry {
  id: string;
  messages: Deque<StoredMessage>;
  state: Buffer | undefined;
  holder: Consumer | undefined;
  lockedUntil: number;
  locks: Set<Lock>;
}

/** A receiver waiting (up to a deadline) for any session to become available. */
export interface SessionWaiter {
  consumer: Consumer;
  deadline: number;
  onSession(entry: SessionEntry): void;
  onTimeout(): void;
}

/** The sessions of one entity. */
export class SessionStore {
  readonly entries = new Map<string, SessionEntry>();
  readonly waiters: SessionWaiter[] = [];

  entry(id: string): SessionEntry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { id, messages: new Deque(), state: undefined, holder: undefined, lockedUntil: 0, locks: new Set() };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** A session nobody holds that has a message ready, if any. */
  nextAvailable(): SessionEntry | undefined {
    for (const entry of this.entries.values()) {
      if (entry.holder) continue;
      while (entry.messages.peek()?.removed) entry.messages.shift();
      if (entry.messages.size > 0) return entry;
    }
    return undefined;
  }

  /** Forgets sessions with no holder, no messages and no state. */
  prune(entry: SessionEntry): void {
    if (!entry.holder && entry.messages.size === 0 && entry.state === undefined && entry.locks.size === 0) {
      this.entries.delete(entry.id);
    }
  }

  /** Removes and returns the waiters whose deadline has passed. */
  takeTimedOut(now: number): SessionWaiter[] {
    const timedOut = this.waiters.filter((w) => w.deadline <= now);
    if (timedOut.length > 0) {
      const keep = this.waiters.filter((w) => w.deadline > now);
      this.waiters.length = 0;
      this.waiters.push(...keep);
    }
    return timedOut;
  }

  removeWaiter(consumer: Consumer): void {
    const i = this.waiters.findIndex((w) => w.consumer === consumer);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}
