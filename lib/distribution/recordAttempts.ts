// Records what a dispatcher batch did: every attempt row and each delivery's new state (delivered; the next attempt
// queued as a scheduled message under a fresh token; exhausted and kept for replay; held once its subscription is
// disabled) in batch writes, the retries' jobs in one send, and last each subscription's failure streak, re-read
// once so that a change made meanwhile (an admin update, another instance's streak) is kept.
import type { Delivery, DeliveryAttempt, DeliveryJob, DeliveryQueue, DeliveryStore } from "../ports/distribution.js";
import type { Subscription, SubscriptionStore } from "../ports/subscriptions.js";
import { isAppError } from "../domain/appError.js";
import { afterAttempt, describeOutcome } from "../domain/deliveryDecision.js";
import type { Clock, Random } from "../ports/runtime.js";
import { healthEffect, type Attempt } from "./attemptDeliveries.js";
import { nextJob } from "./nextJob.js";

/** What recording needs. */
export interface RecordDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  clock: Clock;
  random: Random;
  settings: { disableAfterInMs: number };
}

/** What became of a claimed delivery (`dropped`: not sent, left for reconciliation to queue again). */
export type RecordedResult =
  | { status: "held" | "dropped" | "erased"; reason: string }
  | { status: "delivered" | "retry" | "exhausted" | "disabled"; attempt: number; outcome: string };

interface Settled {
  delivery?: Delivery;
  attempt?: DeliveryAttempt;
  next?: { job: DeliveryJob; at: Date };
  result: RecordedResult;
}

/** Records the attempts; returns their results in the same order. */
export async function recordAttempts(
  deps: RecordDeps,
  attempts: readonly Attempt[],
  subscriptions: ReadonlyMap<string, Subscription>,
): Promise<RecordedResult[]> {
  const health = await subscriptionHealth(deps, attempts, subscriptions);
  const settled = attempts.map((a, i) => settle(deps, a, health.disabled[i] ?? false));
  await deps.deliveries.putMany(
    settled.flatMap((s) => (s.delivery ? [s.delivery] : [])),
    settled.flatMap((s) => (s.attempt ? [s.attempt] : [])),
  );
  await deps.queue.scheduleMany(settled.flatMap((s) => (s.next ? [s.next] : [])));
  await Promise.all(health.changed.map((s) => deps.subscriptions.put(s).catch(unlessDeleted)));
  return settled.map((s) => s.result);
}

/** Applies the sent attempts, in the order they finished, to each subscription: which left it disabled, and the changed subscriptions. */
async function subscriptionHealth(
  deps: RecordDeps,
  attempts: readonly Attempt[],
  initial: ReadonlyMap<string, Subscription>,
): Promise<{ disabled: boolean[]; changed: Subscription[] }> {
  const disabled = attempts.map(() => false);
  const changed: Subscription[] = [];
  const apply = (s: Subscription, a: Attempt) =>
    a.kind === "sent" ? afterAttempt(s, healthEffect(a), deps.settings.disableAfterInMs) : s;
  for (const [id, start] of initial) {
    const mine = attempts.flatMap((a, i) => (a.kind === "sent" && a.delivery.subscriptionId === id ? [i] : []));
    if (mine.length === 0 || mine.reduce((s, i) => apply(s, attempts[i]!), start) === start) continue;
    const fresh = await deps.subscriptions.get(id);
    if (!fresh) continue; // deleted meanwhile: its deliveries are recorded, there is no streak to keep
    let current = fresh;
    for (const i of mine) {
      current = apply(current, attempts[i]!);
      disabled[i] = current.state === "disabled";
    }
    if (current !== fresh) changed.push(current);
  }
  return { disabled, changed };
}

/** A subscription deleted since it was read keeps no streak. */
function unlessDeleted(error: unknown): void {
  if (!isAppError(error, "NOT_FOUND")) throw error;
}

/** A delivery's new state after its attempt, the attempt row, and the next job if it is retried. */
function settle(deps: RecordDeps, attempt: Attempt, disabled: boolean): Settled {
  const { delivery } = attempt;
  const at = attempt.at.toISOString();
  if (attempt.kind === "unsent") return { result: { status: "dropped", reason: attempt.reason } };
  if (attempt.kind === "unpreparable") {
    const lastOutcome = `not sent: ${attempt.reason}`;
    const exhausted: Delivery = { ...delivery, status: "exhausted", lastOutcome, updatedAt: at };
    return { delivery: exhausted, result: { status: "exhausted", attempt: delivery.attempts, outcome: lastOutcome } };
  }
  if (attempt.kind === "erased") {
    const erased: Delivery = { ...delivery, status: "erased", lastOutcome: attempt.reason, updatedAt: at };
    return { delivery: erased, result: { status: "erased", reason: attempt.reason } };
  }
  if (attempt.kind === "held") {
    const held: Delivery = { ...delivery, status: "held", lastOutcome: attempt.reason, updatedAt: at };
    return { delivery: held, result: { status: "held", reason: attempt.reason } };
  }
  const { outcome, decision } = attempt;
  const attempted = {
    ...delivery,
    attempts: delivery.attempts + 1,
    lastOutcome: describeOutcome(outcome),
    updatedAt: at,
  };
  const row: DeliveryAttempt = {
    subscriptionId: delivery.subscriptionId,
    webhookId: delivery.webhookId,
    attempt: attempted.attempts,
    at,
    outcome: attempted.lastOutcome,
    status: outcome.kind === "response" ? outcome.status : undefined,
    durationInMs: outcome.durationInMs,
  };
  const result = (status: "delivered" | "retry" | "exhausted" | "disabled") =>
    ({ status, attempt: attempted.attempts, outcome: attempted.lastOutcome }) as const;
  if (decision.action === "delivered") {
    return {
      delivery: { ...attempted, status: "delivered", deliveredAt: at },
      attempt: row,
      result: result("delivered"),
    };
  }
  if (decision.action === "disable" || disabled) {
    return { delivery: { ...attempted, status: "held" }, attempt: row, result: result("disabled") };
  }
  if (decision.action === "exhausted") {
    return { delivery: { ...attempted, status: "exhausted" }, attempt: row, result: result("exhausted") };
  }
  const due = new Date(attempt.at.getTime() + decision.delayInMs);
  const next = nextJob(
    deps.random,
    { ...attempted, retryIndex: attempted.retryIndex + 1 },
    { at: due, now: deps.clock.now() },
  );
  return { delivery: next.delivery, attempt: row, next, result: result("retry") };
}
