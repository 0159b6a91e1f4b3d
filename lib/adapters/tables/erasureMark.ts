// The erasure mark: one row of the outbox table that every erasure changes before it redacts, so a process that
// answers from its recent entries (recentEntries.ts) learns of an erasure another host served and forgets what it
// holds. A process trusts its recent entries for at most ERASURE_MARK_TTL_MS after a read of the mark that began
// before the mark changed, and an erasure returns only that long after its change, so once an erasure has answered
// no host sends a record it erased from memory (each host pays one point read per TTL, not one per delivery).
import { randomUUID } from "node:crypto";
import type { TableClient } from "@azure/data-tables";
import type { OutboxEntry } from "../../ports/outbox.js";
import { ERASURE_MARK_KEY } from "./outboxRows.js";
import type { RecentEntries } from "./recentEntries.js";
import { storageCall, storageCallOrNull } from "./tableSupport.js";

/** How long a process answers from its recent entries after it last read the erasure mark. */
export const ERASURE_MARK_TTL_MS = 2_000;

/** The mark as an erasure changes it: a new value before redacting, then a wait until every reader's trust expired. */
export class ErasureMark {
  constructor(
    private readonly table: TableClient,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Gives the mark a new value; returns when (this process's monotonic clock) the change was acknowledged. */
  async change(): Promise<number> {
    await storageCall("change the erasure mark", () =>
      this.table.upsertEntity({ ...ERASURE_MARK_KEY, mark: randomUUID() }, "Replace"),
    );
    return this.now();
  }

  /** Waits until every process that read the mark before the change acknowledged at `changedAt` has read it again. */
  async outlast(changedAt: number): Promise<void> {
    const left = changedAt + ERASURE_MARK_TTL_MS - this.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

/** A process's recent entries, trusted only while its last read of the erasure mark is younger than the TTL. */
export class MarkedRecentEntries {
  #seen: string | null | undefined;
  #trustedUntil = -Infinity;
  #checking: Promise<boolean> | null = null;

  constructor(
    private readonly table: TableClient,
    private readonly recent: RecentEntries<OutboxEntry>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The entry kept under `updateIdHash`, or undefined when not kept or the mark cannot be read (read storage). */
  async recall(updateIdHash: string): Promise<OutboxEntry | undefined> {
    if (this.recent.recall(updateIdHash) === undefined) return undefined;
    return (await this.trusted()) ? this.recent.recall(updateIdHash) : undefined;
  }

  /** Whether the recent entries may answer: reads the mark when the last read is too old, forgetting all on a change. */
  private async trusted(): Promise<boolean> {
    if (this.now() < this.#trustedUntil) return true;
    this.#checking ??= this.check().finally(() => (this.#checking = null));
    return this.#checking;
  }

  private async check(): Promise<boolean> {
    const startedAt = this.now();
    try {
      const row = await storageCallOrNull("read the erasure mark", () =>
        this.table.getEntity<{ mark?: string }>(ERASURE_MARK_KEY.partitionKey, ERASURE_MARK_KEY.rowKey),
      );
      const mark = row?.mark ?? null;
      if (mark !== this.#seen) this.recent.clear();
      this.#seen = mark;
      this.#trustedUntil = startedAt + ERASURE_MARK_TTL_MS;
      return true;
    } catch {
      return false; // the caller reads storage, which reports the fault if it persists
    }
  }
}
