// One queue or dead-letter queue: its messages in sequence order, the active FIFO (or per-session FIFOs),
// scheduled and deferred messages, locks, duplicate detection and expiry. All operations are O(1) or
// O(log n) per message except peek and the TTL sweep, which only run when asked or when something is due.
import type { QueueOptions } from "./config.js";
import { Deque } from "./deque.js";
import type { Journal } from "./journal.js";
import { LockTable } from "./lockTable.js";
import { takeExpired } from "./expiry.js";
import { MinHeap } from "./minHeap.js";
import { SessionStore, type Consumer, type SessionEntry } from "./sessionStore.js";
import { mergeApplicationProperties, type StoredMessage } from "./storedMessage.js";
import { DuplicateWindow } from "./duplicateWindow.js";

/** A queue or a dead-letter queue. */
export class Entity {
  readonly all = new Map<number, StoredMessage>();
  readonly locks: LockTable;
  readonly sessions: SessionStore | undefined;
  readonly consumers: Consumer[] = [];
  scheduledCount = 0;
  deferredCount = 0;
  private nextSeq = 1;
  private readonly active = new Deque<StoredMessage>();
  private readonly scheduled = new MinHeap<StoredMessage>((m) => m.scheduledAt ?? 0);
  private readonly duplicates: DuplicateWindow;
  /** Auto-forwarding targets (ForwardTo, ForwardDeadLetteredMessagesTo), set by the broker. */
  forwardTo: Entity | undefined;
  forwardDeadLettersTo: Entity | undefined;
  private earliestExpiry = Number.POSITIVE_INFINITY;
  private roundRobin = 0;
  private pumping = false;

  constructor(
    readonly name: string,
    readonly options: QueueOptions,
    readonly deadLetterQueue: Entity | undefined,
    private readonly journal: Journal | undefined,
  ) {
    this.locks = new LockTable(options.lockDurationInMs);
    this.duplicates = new DuplicateWindow(options.duplicateDetectionHistoryTimeWindowInMs);
    this.sessions = options.requiresSession && deadLetterQueue ? new SessionStore() : undefined;
  }

  /** Messages that are neither scheduled nor deferred (locked ones included, as the service counts them). */
  get activeCount(): number {
    return this.all.size - this.scheduledCount - this.deferredCount;
  }

  /** Accepts a sent message; returns false when duplicate detection dropped it. */
  send(m: StoredMessage, now: number): boolean {
    if (this.options.requiresDuplicateDetection && this.duplicates.isDuplicate(m.messageId, now)) return false;
    if (this.forwardTo) return this.forwardTo.send(m, now);
    this.admit(m, now);
    return true;
  }

  /** Adds a message with a fresh sequence number (also used for dead-lettered and restored copies). */
  admit(m: StoredMessage, now: number): void {
    if (m.seq === 0) m.seq = this.nextSeq++;
    else this.nextSeq = Math.max(this.nextSeq, m.seq + 1);
    if (m.enqueuedAt === 0) m.enqueuedAt = now;
    this.all.set(m.seq, m);
    if (m.state === "deferred") this.deferredCount++;
    else if (m.scheduledAt !== undefined && m.scheduledAt > now) {
      m.state = "scheduled";
      this.scheduledCount++;
      this.scheduled.push(m);
    } else this.activate(m, false);
    this.journal?.putMessage(this.name, m);
  }

  private activate(m: StoredMessage, front: boolean): void {
    m.state = "active";
    const ttl = Math.min(m.ttlInMs ?? Number.POSITIVE_INFINITY, this.options.defaultMessageTimeToLiveInMs);
    m.expiresAt = m.enqueuedAt + ttl;
    if (m.expiresAt < this.earliestExpiry) this.earliestExpiry = m.expiresAt;
    const list = this.sessions ? this.sessions.entry(m.sessionId ?? "").messages : this.active;
    if (front) list.unshift(m);
    else list.push(m);
    if (this.sessions) this.pumpSession(this.sessions.entry(m.sessionId ?? ""));
    else this.pump();
  }

  /** Hands active messages to receivers with credit, round-robin. */
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

  /** Hands the messages of a held session to its holder. */
  pumpSession(entry: SessionEntry): void {
    const holder = entry.holder;
    if (!holder) {
      const waiter = this.sessions?.waiters.shift();
      if (waiter && entry.messages.size > 0) this.bindSession(entry, waiter.consumer, waiter.onSession);
      return;
    }
    for (let credit = holder.available(); credit > 0; credit--) {
      const m = this.takeNext(entry.messages);
      if (!m) break;
      this.handOver(m, holder, entry);
    }
  }

  /** Gives a session to a receiver (locks it) and starts delivering its messages. */
  bindSession(entry: SessionEntry, consumer: Consumer, onBound: (entry: SessionEntry) => void): void {
    entry.holder = consumer;
    entry.lockedUntil = Date.now() + this.options.lockDurationInMs;
    onBound(entry);
  }

  private takeNext(list: Deque<StoredMessage>): StoredMessage | undefined {
    const now = Date.now();
    for (let m = list.shift(); m; m = list.shift()) {
      if (m.removed || m.state !== "active") continue;
      if (m.expiresAt <= now) {
        this.expire(m, now);
        continue;
      }
      return m;
    }
    return undefined;
  }

  private handOver(m: StoredMessage, consumer: Consumer, session: SessionEntry | undefined): void {
    if (consumer.receiveAndDelete) {
      this.remove(m);
      consumer.deliver(m, undefined);
      return;
    }
    const lock = this.locks.acquire(m, Date.now(), session?.id, session?.lockedUntil);
    session?.locks.add(lock);
    consumer.deliver(m, lock);
  }

  /** Sets a message aside until it is received by sequence number. */
  defer(m: StoredMessage): void {
    m.deliveryCount++;
    if (m.state !== "deferred") this.deferredCount++;
    m.state = "deferred";
    this.journal?.putMessage(this.name, m);
  }

  /** Returns a message whose lock ended unsettled; dead-letters it once maxDeliveryCount is reached. */
  giveBack(m: StoredMessage, now: number): void {
    m.deliveryCount++;
    if (this.deadLetterQueue && m.deliveryCount >= this.options.maxDeliveryCount) {
      const description = `Message could not be consumed after ${this.options.maxDeliveryCount} delivery attempts.`;
      this.deadLetter(m, now, {
        DeadLetterReason: "MaxDeliveryCountExceeded",
        DeadLetterErrorDescription: description,
      });
      return;
    }
    this.journal?.putMessage(this.name, m);
    if (m.state === "active") this.activate(m, true);
  }

  /** Moves a message to the dead-letter queue with the given application properties merged in. */
  deadLetter(m: StoredMessage, now: number, properties: Record<string, unknown>): void {
    this.remove(m);
    const target = this.forwardDeadLettersTo ?? this.deadLetterQueue ?? this;
    const copy: StoredMessage = { ...m, seq: 0, enqueuedAt: 0, removed: false, lockToken: undefined };
    copy.state = "active";
    copy.scheduledAt = undefined;
    copy.enqueueSeq = m.enqueueSeq ?? m.seq;
    mergeApplicationProperties(copy, properties);
    target.admit(copy, now);
  }

  /** Removes a message from the entity for good. */
  remove(m: StoredMessage): void {
    if (m.removed) return;
    m.removed = true;
    if (m.state === "deferred") this.deferredCount--;
    if (m.state === "scheduled") this.scheduledCount--;
    this.all.delete(m.seq);
    this.journal?.deleteMessage(this.name, m.seq);
  }

  private expire(m: StoredMessage, now: number): void {
    if (this.options.deadLetteringOnMessageExpiration && this.deadLetterQueue) {
      this.deadLetter(m, now, {
        DeadLetterReason: "TTLExpiredException",
        DeadLetterErrorDescription: "The message expired and was dead lettered.",
      });
    } else this.remove(m);
  }

  /** Periodic work: lock expiry, due scheduled messages, TTL sweep, duplicate-window pruning. */
  tick(now: number): void {
    for (const lock of this.locks.takeExpired(now)) this.giveBack(lock.message, now);
    for (let m = this.scheduled.peek(); m && (m.scheduledAt ?? 0) <= now; m = this.scheduled.peek()) {
      this.scheduled.pop();
      if (m.removed || m.state !== "scheduled") continue;
      this.scheduledCount--;
      m.enqueuedAt = m.scheduledAt ?? now;
      this.activate(m, false);
      this.journal?.putMessage(this.name, m);
    }
    if (this.earliestExpiry <= now) this.sweepExpired(now);
    this.duplicates.prune(now);
  }

  private sweepExpired(now: number): void {
    const lists = this.sessions ? [...this.sessions.entries.values()].map((e) => e.messages) : [this.active];
    const { expired, earliest } = takeExpired(lists, now);
    this.earliestExpiry = earliest;
    for (const m of expired) this.expire(m, now);
  }

  /** Calls `callback` once this entity's changes are durable (at once when nothing is persisted). */
  whenDurable(callback: () => void): void {
    if (this.journal) this.journal.whenDurable(callback);
    else callback();
  }

  /** Sets (or clears) a session's state. */
  setSessionState(entry: SessionEntry, state: Buffer | undefined): void {
    entry.state = state;
    this.journal?.putSessionState(this.name, entry.id, state);
  }

  /** Stops tracking a receiver. */
  detach(consumer: Consumer): void {
    const i = this.consumers.indexOf(consumer);
    if (i >= 0) this.consumers.splice(i, 1);
    this.sessions?.removeWaiter(consumer);
  }
}
