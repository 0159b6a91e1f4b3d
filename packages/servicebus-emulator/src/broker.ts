// The namespace: every configured queue and its dead-letter queue, looked up by address the way the service
// does (case-insensitive, `<queue>/$DeadLetterQueue`), and the one timer that drives lock expiry, scheduled
// messages and TTL for all of them.
import type { EmulatorConfig } from "./config.js";
import { Entity } from "./entity.js";
import { tickSessions } from "./entitySessions.js";
import { guarded } from "./guard.js";
import type { Journal } from "./journal.js";

const DEAD_LETTER_SUFFIX = "/$deadletterqueue";
/** Timer resolution for lock expiry, scheduled enqueue and session long-polls. */
const TICK_INTERVAL_IN_MS = 50;

/** Settings a dead-letter queue always has: no expiry, no automatic dead-lettering, no sessions. */
function deadLetterOptions(lockDurationInMs: number) {
  return {
    lockDurationInMs,
    maxDeliveryCount: Number.POSITIVE_INFINITY,
    defaultMessageTimeToLiveInMs: Number.POSITIVE_INFINITY,
    deadLetteringOnMessageExpiration: false,
    requiresDuplicateDetection: false,
    duplicateDetectionHistoryTimeWindowInMs: 0,
    requiresSession: false,
  };
}

/** All entities of the emulated namespace. */
export class Broker {
  private readonly entities = new Map<string, Entity>();
  private readonly queues: Entity[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(config: EmulatorConfig, journal: Journal | undefined) {
    for (const [key, q] of config.queues) {
      const dlq = new Entity(`${q.name}/$DeadLetterQueue`, deadLetterOptions(q.lockDurationInMs), undefined, journal);
      const queue = new Entity(q.name, q, dlq, journal);
      this.entities.set(key, queue);
      this.entities.set(key + DEAD_LETTER_SUFFIX, dlq);
      this.queues.push(queue);
    }
    for (const [key, q] of config.queues) {
      const queue = this.entities.get(key) as Entity;
      if (q.forwardTo) queue.forwardTo = this.resolve(q.forwardTo);
      if (q.forwardDeadLetteredMessagesTo) queue.forwardDeadLettersTo = this.resolve(q.forwardDeadLetteredMessagesTo);
    }
  }

  /** The entity an AMQP address names (`orders`, `/orders`, `orders/$DeadLetterQueue`), if configured. */
  resolve(address: string | undefined): Entity | undefined {
    if (!address) return undefined;
    let path = address.toLowerCase();
    const scheme = path.indexOf("://");
    if (scheme >= 0) path = path.slice(path.indexOf("/", scheme + 3) + 1);
    return this.entities.get(path.replace(/^\/+/, ""));
  }

  /** The queues (each with its dead-letter queue in `deadLetterQueue`). */
  allQueues(): readonly Entity[] {
    return this.queues;
  }

  /** Starts the shared timer. */
  start(): void {
    this.timer = setInterval(
      guarded("timer", () => this.tick(Date.now())),
      TICK_INTERVAL_IN_MS,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(now: number): void {
    for (const queue of this.queues) {
      queue.tick(now);
      tickSessions(queue, now);
      queue.deadLetterQueue?.tick(now);
    }
  }
}
