// What the pipeline's triggers write for the console: one counter row per ingest batch, submitted transaction,
// final transaction and dispatcher batch (never per read, never per update), keyed so a replayed step replaces
// its row. Counting is monitoring: a failed write is logged and never fails the step that did the work.
import { histogramOf } from "../domain/latencyHistogram.js";
import { minuteKey } from "../domain/minuteSeries.js";
import type { ConsoleCounters, CounterRow } from "../ports/console.js";

/** What the counting needs. */
export interface CountDeps {
  console: { counters: ConsoleCounters };
  clock: { now(): Date };
  logger: { warn(fields: object, message: string): void };
}

/** Counts an ingest batch by outcome (`received` = every message). */
export async function countIngested(deps: CountDeps, invocationId: string, outcomes: readonly string[]): Promise<void> {
  const counts: Record<string, number> = { received: outcomes.length };
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  await put(deps, { minute: minuteKey(deps.clock.now()), key: `ingest-${invocationId}`, counts });
}

/** Counts a submitted transaction and keeps its updates' enqueue times for its confirmation. */
export async function countSubmitted(deps: CountDeps, tx: { nonce: number; receivedAt: string[] }): Promise<void> {
  const minute = minuteKey(deps.clock.now());
  await Promise.all([
    put(deps, { minute, key: `submit-${tx.nonce}`, counts: { submitted: tx.receivedAt.length } }),
    guarded(deps, () =>
      deps.console.counters.putEnqueueTimes(
        tx.nonce,
        tx.receivedAt.map((at) => Date.parse(at)),
      ),
    ),
  ]);
}

/** Counts a Key Vault throttle seen by a submitter step. */
export async function countThrottled(deps: CountDeps, invocationId: string): Promise<void> {
  await put(deps, { minute: minuteKey(deps.clock.now()), key: `throttle-${invocationId}`, counts: { throttled: 1 } });
}

/**
 * Counts a transaction's final statuses; a mined batch (`confirmed`) adds the enqueue → final latency of each update
 * it carried (a dropped or reverted one requeues updates, which are timed in their next transaction).
 */
export async function countFinal(
  deps: CountDeps,
  tx: { nonce: number; outcome: string },
  counts: Record<string, number>,
): Promise<void> {
  const now = deps.clock.now();
  const enqueued = await guarded(deps, () => deps.console.counters.takeEnqueueTimes(tx.nonce));
  const latencies =
    tx.outcome === "confirmed" ? histogramOf((enqueued ?? []).map((at) => now.getTime() - at)) : undefined;
  await put(deps, { minute: minuteKey(now), key: `final-${tx.nonce}`, counts, latencies });
}

/** Counts a dispatcher batch per subscription (`<status>:<subscriptionId>`), keeping each one's last failure. */
export async function countDispatched(
  deps: CountDeps,
  invocationId: string,
  results: readonly { subscriptionId: string; status: string; outcome?: string }[],
): Promise<void> {
  const counts: Record<string, number> = {};
  const notes: Record<string, string> = {};
  for (const { subscriptionId, status, outcome } of results) {
    counts[`${status}:${subscriptionId}`] = (counts[`${status}:${subscriptionId}`] ?? 0) + 1;
    if (status !== "delivered" && outcome) notes[subscriptionId] = outcome.slice(0, 200);
  }
  if (results.length === 0) return;
  await put(deps, { minute: minuteKey(deps.clock.now()), key: `dispatch-${invocationId}`, counts, notes });
}

async function put(deps: CountDeps, row: CounterRow): Promise<void> {
  await guarded(deps, () => deps.console.counters.put(row));
}

async function guarded<T>(deps: CountDeps, write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    deps.logger.warn({ event: "console.counters_failed", error: String(error).slice(0, 200) }, "console counters");
    return undefined;
  }
}
