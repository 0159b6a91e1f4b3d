// The ports the operator console reads through: per-minute counter rows the pipeline writes once per batch or
// transition, block activity from the chain, and counts of what waits (pending list, dead-letter queues), each
// bounded so a refresh costs the same however long the bank has run (DESIGN §6.6).
import type { LatencyHistogram } from "../domain/latencyHistogram.js";

/**
 * What one step of the pipeline did, stored under the UTC minute it happened in. `key` is stable for the step
 * (an invocation id, a nonce), so a replayed step replaces its row instead of counting twice.
 */
export interface CounterRow {
  minute: string;
  key: string;
  counts: Record<string, number>;
  /** Enqueue → final status of the updates the step finished. */
  latencies?: LatencyHistogram;
  /** Short texts by name (a subscription's last delivery error). */
  notes?: Record<string, string>;
}

/** Per-minute counter rows, and the enqueue times of the updates in each transaction until it is final. */
export interface ConsoleCounters {
  /** Stores (replaces) a row. */
  put(row: CounterRow): Promise<void>;
  /** The rows of the minutes from `fromMinute` to `toMinute`, both included. */
  read(fromMinute: string, toMinute: string): Promise<CounterRow[]>;
  /** Deletes up to `limit` rows of minutes before `beforeMinute`, oldest first; returns how many. */
  prune(beforeMinute: string, limit: number): Promise<number>;
  /** Keeps when each update of the transaction reached the bank (ms since the epoch). */
  putEnqueueTimes(nonce: number, enqueuedAtInMs: readonly number[]): Promise<void>;
  /** Reads and forgets the enqueue times kept for the transaction (empty when none were kept). */
  takeEnqueueTimes(nonce: number): Promise<number[]>;
}

/** One block as the console charts it. */
export interface BlockActivity {
  number: number;
  /** Seconds since the epoch, from the header. */
  timestamp: number;
  transactions: number;
  /** RecordUpserted events of the registry in the block. */
  records: number;
}

/** Chain reads for the consortium view, each from one endpoint. */
export interface ChainActivity {
  head(): Promise<number>;
  /** Blocks `from`..`to` (both included), ascending. */
  blocks(from: number, to: number): Promise<BlockActivity[]>;
  /** The registry's current members. */
  members(): Promise<string[]>;
}

/** A count read up to a cap: `capped` means there are at least `count`. */
export interface CappedCount {
  count: number;
  capped: boolean;
}

/** What waits: the pending list and the dead-letter queues. */
export interface Backlog {
  /** Updates accepted and waiting for a batch, with the oldest one's acceptance time. */
  pending(limit: number): Promise<CappedCount & { oldestAcceptedAt: string | null }>;
  /** Dead-lettered messages per queue (inbound, results, deliveries); a queue that could not be read has `error`. */
  deadLetters(limit: number): Promise<DeadLetterCount[]>;
}

/** One queue's dead-letter count. */
export type DeadLetterCount = { queue: string } & (CappedCount | { error: string });
