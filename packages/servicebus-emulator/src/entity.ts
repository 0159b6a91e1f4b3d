// One queue or dead-letter queue: its messages in sequence order, the active FIFO (or per-session FIFOs),
// scheduled and deferred messages, locks, duplicate detection and expiry. All operations are O(1) or
// O(log n) per message except peek and the TTL sweep, which only run when asked or when something is due.
import type { QueueOptions } from "./config.js";
import { Deque } from "./deque.js";
import { DuplicateWindow } from "./duplicateWindow.js";
import type { Journal } from "./journal.js";
import { LockTable } from "./lockTable.js";
import { takeExpired } from "./expiry.js";
import { ScheduledMessages } from "./scheduledMessages.js";
import { Dispatcher } from "./dispatcher.js";
import { SessionStore, type SessionEntry } from "./sessionStore.js";
import { mergeApplicationProperties, type StoredMessage } from "./storedMessage.js";

/** A queue or a dead-letter queue. */
export class Entity {
  readonly all = new Map<number, StoredMessage>();
  readonly locks: LockTable;
  readonly sessions: SessionStore | undefined;
  /** Delivery to receivers (`pump`, `pumpSession`, `bindSession`, `consumers`, `detach`). */
  readonly dispatcher: Dispatcher;
  private nextSeq = 1;
  private readonly active = new Deque<StoredMessage>();
  private readonly scheduled = new ScheduledMessages();
  private readonly duplicates: DuplicateWindow;
  /** Auto-forwarding targets (ForwardTo, ForwardDeadLetteredMessagesTo), set by the broker. */
  forwardTo: Entity | undefined;
  forwardDeadLettersTo: Entity | undefined;
  private readonly deferred = new Set<StoredMessage>();
  private earliestExpiry = Number.POSITIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly options: QueueOptions,
    readonly deadLetterQueue: Entity | undefined,
    private readonly journal: Journal | undefined,
  ) {
    this.locks = new LockTable(options.lockDurationInMs);
    this.duplicates = new DuplicateWindow(options.duplicateDetectionHistoryTimeWindowInMs);
    this.sessions = options.requiresSession && deadLetterQueue ? new SessionStore() : undefined;
    this.dispatcher = new Dispatcher(this.active, this.locks, this.sessions, options.lockDurationInMs, {
      expire: (m, now) => this.expire(m, now),
      remove: (m) => this.remove(m),
    });
  }

  /** Scheduled messages not yet enqueued. */
  get scheduledCount(): number {
    return this.scheduled.count;
  }

  /** Deferred messages (waiting to be received by sequence number). */
  get deferredCount(): number {
    return this.deferred.size;
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

  /** Sequence numbers go on after `seq` (restored from the journal: the service never reuses one). */
  continueAfter(seq: number): void {
    this.nextSeq = Math.max(this.nextSeq, seq + 1);
  }

  /** Adds a message with a fresh sequence number (also used for dead-lettered and restored copies). */
  admit(m: StoredMessage, now: number): void {
    if (m.seq === 0) m.seq = this.nextSeq++;
    else this.nextSeq = Math.max(this.nextSeq, m.seq + 1);
    if (m.enqueuedAt === 0) m.enqueuedAt = now;
    this.all.set(m.seq, m);
    if (m.state === "deferred") this.setAside(m);
    else if (m.scheduledAt !== undefined && m.scheduledAt > now) this.scheduled.add(m);
    else this.activate(m, false);
    this.journal?.putMessage(this.name, m);
  }

  private trackExpiry(m: StoredMessage): void {
    const ttl = Math.min(m.ttlInMs ?? Number.POSITIVE_INFINITY, this.options.defaultMessageTimeToLiveInMs);
    m.expiresAt = m.enqueuedAt + ttl;
    if (m.expiresAt < this.earliestExpiry) this.earliestExpiry = m.expiresAt;
  }

  private setAside(m: StoredMessage): void {
    m.state = "deferred";
    this.deferred.add(m);
    this.trackExpiry(m);
  }

  private activate(m: StoredMessage, front: boolean): void {
    m.state = "active";
    this.trackExpiry(m);
    const list = this.sessions ? this.sessions.entry(m.sessionId ?? "").messages : this.active;
    if (front) list.unshift(m);
    else list.push(m);
    if (this.sessions) this.dispatcher.pumpSession(this.sessions.entry(m.sessionId ?? ""));
    else this.dispatcher.pump();
  }

  /** Sets a message aside until it is received by sequence number. */
  defer(m: StoredMessage): void {
    m.deliveryCount++;
    this.setAside(m);
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
    if (m.state === "deferred") this.deferred.delete(m);
    if (m.state === "scheduled") this.scheduled.count--;
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
    for (const m of this.scheduled.takeDue(now)) {
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
    for (const m of this.deferred) {
      // A deferred message expires too, but not while a receiver holds its lock.
      if (m.expiresAt <= now && m.lockToken === undefined) expired.push(m);
      else if (m.expiresAt < this.earliestExpiry) this.earliestExpiry = Math.max(m.expiresAt, now + 1000);
    }
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
}
