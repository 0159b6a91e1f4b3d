// The dispatcher step for a batch of queued delivery jobs (one Service Bus trigger invocation): reads each job's
// delivery and subscription once, holds the deliveries of disabled or deleted subscriptions, claims the others in
// conditional batch writes before any POST (so a job queued twice, in one batch or two, sends once), sends them
// (attemptDeliveries) and records the outcomes (recordAttempts). A job that cannot be read is dropped without failing
// the others. A transient storage failure throws, so the batch is redelivered: before the claims it finds the same
// state; after them its jobs are stale, and reconciliation re-queues claimed deliveries whose outcome was not stored.
import type { Delivery, DeliveryJob, StoredDelivery } from "../ports/distribution.js";
import type { Subscription } from "../ports/subscriptions.js";
import { isAppError } from "../domain/appError.js";
import { mapConcurrently } from "../support/mapConcurrently.js";
import { attemptDeliveries, type AttemptDeps } from "./attemptDeliveries.js";
import { recordAttempts, type RecordDeps, type RecordedResult } from "./recordAttempts.js";

/** Storage reads in flight per batch. */
const READ_CONCURRENCY = 16;

/** What the dispatcher needs. */
export type DispatchDeps = AttemptDeps & RecordDeps;

/** What happened to a job (`stale`: its delivery moved on or another job acted; `dropped`: logged and dropped). */
export type DispatchResult = { status: "stale" } | RecordedResult;

/** A read's value, or why the jobs that needed it are dropped. */
interface Read<T> {
  value: T | null;
  dropped?: string;
}

/** Runs the delivery attempts of `jobs`; results in the jobs' order. */
export async function dispatchDeliveries(deps: DispatchDeps, jobs: readonly DeliveryJob[]): Promise<DispatchResult[]> {
  const results: DispatchResult[] = jobs.map(() => ({ status: "stale" }));
  const deliveries = await readAll(jobs.map(keyOf), (key) => deps.deliveries.get(...splitKey(key)));
  // Only a job carrying its delivery's current token may act, and only the first such job in the batch.
  const current = new Map<string, { index: number; stored: StoredDelivery }>();
  jobs.forEach((job, index) => {
    const read = deliveries.get(keyOf(job)) as Read<StoredDelivery>;
    if (read.dropped !== undefined) results[index] = { status: "dropped", reason: read.dropped };
    const acts = read.value?.delivery.status === "pending" && read.value.delivery.jobToken === job.token;
    if (acts && !current.has(keyOf(job))) current.set(keyOf(job), { index, stored: read.value as StoredDelivery });
  });
  const ids = [...current.values()].map((c) => c.stored.delivery.subscriptionId);
  const subscriptions = await readAll(ids, (id) => deps.subscriptions.get(id));
  const stored = [...current.values()].map((c) => c.stored);
  const outcomes = await act(deps, stored, subscriptions);
  for (const [key, { index }] of current) results[index] = outcomes.get(key) ?? { status: "stale" };
  return results;
}

/** Holds, claims, sends and records the current deliveries; a delivery missing from the result was not claimed. */
async function act(
  deps: DispatchDeps,
  current: readonly StoredDelivery[],
  subscriptions: ReadonlyMap<string, Read<Subscription>>,
): Promise<Map<string, RecordedResult>> {
  const outcomes = new Map<string, RecordedResult>();
  const now = deps.clock.now().toISOString();
  const active: StoredDelivery[] = [];
  const held: Delivery[] = [];
  for (const { delivery, version } of current) {
    const read = subscriptions.get(delivery.subscriptionId) as Read<Subscription>;
    if (read.dropped !== undefined) outcomes.set(keyOf(delivery), { status: "dropped", reason: read.dropped });
    else if (read.value?.state === "active") active.push({ delivery, version });
    else {
      const reason = read.value ? `subscription disabled: ${read.value.disabledReason ?? ""}` : "subscription deleted";
      outcomes.set(keyOf(delivery), { status: "held", reason });
      held.push({ ...delivery, status: "held", lastOutcome: reason, updatedAt: now });
    }
  }
  if (held.length > 0) await deps.deliveries.putMany(held);
  const claimed = await deps.deliveries.claimMany(active);
  const live = new Map([...subscriptions].flatMap(([id, r]) => (r.value ? [[id, r.value] as const] : [])));
  const attempts = await attemptDeliveries(deps, claimed, live);
  const recorded = await recordAttempts(deps, attempts, live);
  attempts.forEach((a, i) => outcomes.set(keyOf(a.delivery), recorded[i] as RecordedResult));
  return outcomes;
}

/** Reads each distinct key once, a few at a time. */
async function readAll<T>(
  keys: readonly string[],
  read: (key: string) => Promise<T | null>,
): Promise<Map<string, Read<T>>> {
  const distinct = [...new Set(keys)];
  const values = await mapConcurrently(distinct, READ_CONCURRENCY, (key) => readOrDrop(() => read(key)));
  return new Map(distinct.map((key, i) => [key, values[i] as Read<T>]));
}

/** A read, or why it cannot be used: a key no row can have (none), an unreadable row (dropped); retryable errors throw. */
async function readOrDrop<T>(read: () => Promise<T | null>): Promise<Read<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    if (isAppError(error, "INVALID_MESSAGE")) return { value: null };
    if (isAppError(error) && error.retryable) throw error;
    return { value: null, dropped: String(error) };
  }
}

function keyOf(job: { subscriptionId: string; webhookId: string }): string {
  return JSON.stringify([job.subscriptionId, job.webhookId]);
}

function splitKey(key: string): [string, string] {
  return JSON.parse(key) as [string, string];
}
