// Hands an entity's active messages to receivers within their credit: round-robin across plain receivers,
// or a session's messages to the receiver holding that session; locks each message it hands over (or removes
// it, for receive-and-delete). Expired messages met on the way are handed back to the entity.
import type { Deque } from "./deque.js";
import type { LockTable } from "./lockTable.js";
import type { Consumer, SessionEntry, SessionStore } from "./sessionStore.js";
import type { StoredMessage } from "./storedMessage.js";

/** What the dispatcher needs from its entity. */
export interface DispatchHooks {
  expire(m: StoredMessage, now: number): void;
  remove(m: StoredMessage): void;
}

/** Delivery of one entity's messages. */
export class Dispatcher {
  readonly consumers: Consumer[] = [];
  private roundRobin = 0;
  private pumping = false;

  constructor(
    private readonly active: Deque<StoredMessage>,
    private readonly locks: LockTable,
    private readonly sessions: SessionStore | undefined,
    private readonly lockDurationInMs: number,
    private readonly hooks: DispatchHooks,
  ) {}

  /** Hands active messages to plain receivers with credit, round-robin. */
  pump(): void {
    if (this.pumping || this.sessions) return;
    this.pumping = true;
    try {
      const n = this.consumers.length;
      for (let i = 0; i < n && this.active.size > 0; i++) {
        const consumer = this.consumers[(this.roundRobin + i) % n] as Consumer;
        for (let credit = consumer.available(); credit > 0; credit--) {
          const m = this.takeNext(this.active);
          if (!m) break;
          this.handOver(m, consumer, undefined);
        }
      }
      this.roundRobin = n === 0 ? 0 : (this.roundRobin + 1) % n;
    } finally {
      this.pumping = false;
    }
  }

  /** Hands a session's messages to its holder, or gives the session to a waiting receiver. */
  pumpSession(entry: SessionEntry): void {
    const holder = entry.holder;
    if (!holder) {
      const waiter = entry.messages.size > 0 ? this.sessions?.waiters.shift() : undefined;
      if (waiter) this.bindSession(entry, waiter.consumer, waiter.onSession);
      return;
    }
    for (let credit = holder.available(); credit > 0; credit--) {
      const m = this.takeNext(entry.messages);
      if (!m) break;
      this.handOver(m, holder, entry);
    }
  }

  /** Gives a session to a receiver (locks it for the lock duration). */
  bindSession(entry: SessionEntry, consumer: Consumer, onBound: (entry: SessionEntry) => void): void {
    entry.holder = consumer;
    entry.lockedUntil = Date.now() + this.lockDurationInMs;
    onBound(entry);
  }

  /** Stops delivering to a receiver. */
  detach(consumer: Consumer): void {
    const i = this.consumers.indexOf(consumer);
    if (i >= 0) this.consumers.splice(i, 1);
    this.sessions?.removeWaiter(consumer);
  }

  private takeNext(list: Deque<StoredMessage>): StoredMessage | undefined {
    const now = Date.now();
    for (let m = list.shift(); m; m = list.shift()) {
      if (m.removed || m.state !== "active") continue;
      if (m.expiresAt <= now) {
        this.hooks.expire(m, now);
        continue;
      }
      return m;
    }
    return undefined;
  }

  private handOver(m: StoredMessage, consumer: Consumer, session: SessionEntry | undefined): void {
    if (consumer.receiveAndDelete) {
      this.hooks.remove(m);
      consumer.deliver(m, undefined);
      return;
    }
    const lock = this.locks.acquire(m, Date.now(), session?.id, session?.lockedUntil);
    session?.locks.add(lock);
    consumer.deliver(m, lock);
  }
}
