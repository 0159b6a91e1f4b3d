// The outbox entries this process stored most recently, in memory, so the webhook dispatcher — which sends a
// bank's own records seconds after ingest stored them — reads their record and salt without a storage request
// (one of the ~2.7 requests a delivery cost). Safe because an outbox row's entry JSON never changes once written
// (its state lives in columns) except by erasure: the process that erases forgets the entry, and every other
// process forgets all it holds when it sees the erasure mark change (erasureMark.ts), so the cache only ever answers
// with what storage would. Bounded in bytes — each entry's serialized size (UTF-16, as V8 holds a string's worst
// case) — oldest out first, so a host's memory stays flat however large entries are. Keyed like the outbox's rows.
import { outboxRowKey } from "./outboxRows.js";

/** The immutable outbox entries written lately, by update id hash. */
export class RecentEntries<T> {
  readonly #entries = new Map<string, { entry: T; bytes: number }>();
  #bytes = 0;

  constructor(private readonly capacityInBytes: number) {}

  /** The bytes the entries kept take, as measured when remembered. */
  get sizeInBytes(): number {
    return this.#bytes;
  }

  /** Keeps `entry` under `updateIdHash` (any case, with or without 0x), dropping the oldest beyond the capacity. */
  remember(updateIdHash: string, entry: T): void {
    const key = outboxRowKey(updateIdHash);
    this.forget(key);
    const bytes = 2 * (key.length + JSON.stringify(entry, bigintAsText).length);
    if (bytes > this.capacityInBytes) return;
    this.#entries.set(key, { entry, bytes });
    this.#bytes += bytes;
    while (this.#bytes > this.capacityInBytes) this.forget(this.#entries.keys().next().value as string);
  }

  /** The entry kept under `updateIdHash`, if still kept. */
  recall(updateIdHash: string): T | undefined {
    return this.#entries.get(outboxRowKey(updateIdHash))?.entry;
  }

  /** Drops the entry kept under `updateIdHash` (its row was redacted by an erasure). */
  forget(updateIdHash: string): void {
    const key = outboxRowKey(updateIdHash);
    const kept = this.#entries.get(key);
    if (!kept) return;
    this.#entries.delete(key);
    this.#bytes -= kept.bytes;
  }

  /** Drops every entry (an erasure elsewhere may have redacted any of them). */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
