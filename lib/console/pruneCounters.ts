// Retention of the console's counter rows: the page charts 30 minutes, so rows are kept two days (enough to look
// back at a night) and then deleted, a bounded number per run, oldest minutes first.
import { minuteKey } from "../domain/minuteSeries.js";
import type { ConsoleCounters } from "../ports/console.js";

/** How long counter rows are kept. */
export const COUNTERS_RETENTION_IN_MS = 48 * 60 * 60_000;

/** Rows deleted per run at most (a run every 5 minutes removes far more than the pipeline writes). */
export const COUNTERS_PRUNED_PER_RUN = 5_000;

/** Deletes one batch of counter rows past their retention; returns how many. */
export async function pruneCounters(deps: { counters: ConsoleCounters; clock: { now(): Date } }): Promise<number> {
  const before = minuteKey(new Date(deps.clock.now().getTime() - COUNTERS_RETENTION_IN_MS));
  return deps.counters.prune(before, COUNTERS_PRUNED_PER_RUN);
}
