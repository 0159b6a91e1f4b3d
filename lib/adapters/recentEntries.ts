// The outbox entries this process stored most recently, in memory, so the webhook dispatcher — which sends a
// bank's own records seconds after ingest stored them — reads their record and salt without a storage request
// (one of the ~2.7 requests a delivery cost). Safe because an outbox row's entry JSON never changes once written
// (its state lives in columns) except by erasure, which makes this process forget it; the cache only ever answers
// with what storage would. Bounded, oldest out first.

/** The immutable outbox entries written lately, by update id hash. */
export class RecentEntries<T> {
  readonly #entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  /** Keeps `entry` under `updateIdHash` (any case, with or without 0x), dropping the oldest beyond the capacity. */
  remember(updateIdHash: string, entry: T): void {
    const key = normalise(updateIdHash);
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** Drops the entry kept under `updateIdHash` (its row was redacted by an erasure). */
  forget(updateIdHash: string): void {
    this.#entries.delete(normalise(updateIdHash));
  }

  /** The entry kept under `updateIdHash`, if still kept. */
  recall(updateIdHash: string): T | undefined {
    return this.#entries.get(normalise(updateIdHash));
  }
}

function normalise(updateIdHash: string): string {
  return updateIdHash.toLowerCase().replace(/^0x/, "");
}
