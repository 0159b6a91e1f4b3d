// What an attempt's outcome means for a delivery and its subscription: 2xx is delivered, 410 disables the
// subscription, anything else (429, 5xx, other 4xx, 3xx, timeouts, network errors) is a failed attempt that follows
// the retry schedule until it is exhausted and kept for replay; failures without a success for too long disable.
// A destination refused by the address guard disables at once: no retry can make a forbidden address allowed.
import { retryDelayInMs, type RetryPolicy } from "./retrySchedule.js";

/** What one HTTP attempt produced. */
export type AttemptOutcome =
  | { kind: "response"; status: number; retryAfterInSeconds?: number; durationInMs: number }
  | { kind: "timeout"; durationInMs: number }
  | { kind: "network"; message: string; durationInMs: number }
  /** The destination's address is forbidden (SSRF guard): final, never retried. */
  | { kind: "refused"; message: string; durationInMs: number };

/** What to do after an attempt. */
export type DeliveryDecision =
  | { action: "delivered" }
  | { action: "retry"; delayInMs: number; reason: string }
  | { action: "exhausted"; reason: string }
  | { action: "disable"; reason: string };

/** Decides the next step; `retryIndex` counts the failures so far in this round (0 after the first attempt). */
export function decideDelivery(
  outcome: AttemptOutcome,
  options: { policy: RetryPolicy; retryIndex: number; random01: number },
): DeliveryDecision {
  if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300) return { action: "delivered" };
  const reason = describeOutcome(outcome);
  if (outcome.kind === "response" && outcome.status === 410) {
    return { action: "disable", reason: "the endpoint answered 410 Gone" };
  }
  if (outcome.kind === "refused") return { action: "disable", reason };
  const retryAfter = outcome.kind === "response" ? outcome.retryAfterInSeconds : undefined;
  const delayInMs = retryDelayInMs(options.policy, { ...options, retryAfterInSeconds: retryAfter });
  return delayInMs === null ? { action: "exhausted", reason } : { action: "retry", delayInMs, reason };
}

/** A short, secret-free description of an outcome for the attempt log. */
export function describeOutcome(outcome: AttemptOutcome): string {
  if (outcome.kind === "response") return `HTTP ${outcome.status}`;
  if (outcome.kind === "timeout") return "timeout";
  if (outcome.kind === "refused") return `destination refused: ${outcome.message}`;
  return `network error: ${outcome.message}`;
}

/** Whether a subscription that has failed without a success since `failingSince` should now be disabled. */
export function failingTooLong(failingSince: string | undefined, now: Date, disableAfterInMs: number): boolean {
  return failingSince !== undefined && now.getTime() - Date.parse(failingSince) >= disableAfterInMs;
}

/** The health fields of a subscription that attempts change. */
export interface SubscriptionHealth {
  state: "active" | "disabled";
  disabledReason?: string;
  disabledAt?: string;
  /** Set at the first failure after a success, cleared by the next success. */
  failingSince?: string;
  updatedAt: string;
}

/**
 * The subscription after one attempt's outcome at `at`: a success ends the failure streak; a failure starts one,
 * and disables the subscription with `disableReason` (410), or once the streak is older than `disableAfterInMs`.
 * Returns the same object when nothing changes.
 */
export function afterAttempt<S extends SubscriptionHealth>(
  subscription: S,
  attempt: { at: Date; delivered: boolean; disableReason?: string },
  disableAfterInMs: number,
): S {
  const at = attempt.at.toISOString();
  if (attempt.delivered) {
    return subscription.failingSince === undefined
      ? subscription
      : { ...subscription, failingSince: undefined, updatedAt: at };
  }
  const failingSince = subscription.failingSince ?? at;
  const reason =
    attempt.disableReason ??
    (failingTooLong(failingSince, attempt.at, disableAfterInMs)
      ? `every delivery failed since ${failingSince}`
      : undefined);
  if (reason === undefined && subscription.failingSince !== undefined) return subscription;
  const changed: S = { ...subscription, failingSince, updatedAt: at };
  return reason !== undefined && subscription.state === "active"
    ? { ...changed, state: "disabled", disabledReason: reason, disabledAt: at }
    : changed;
}
