// The one function that decides what an attempt's outcome means for a delivery and its subscription: 2xx is
// delivered, 410 disables the subscription, anything else (429, 5xx, other 4xx, 3xx, timeouts, network errors) is a
// failed attempt that follows the retry schedule until it is exhausted and kept for replay.
import { retryDelayInMs, type RetryPolicy } from "./retrySchedule.js";

/** What one HTTP attempt produced. */
export type AttemptOutcome =
  | { kind: "response"; status: number; retryAfterInSeconds?: number; durationInMs: number }
  | { kind: "timeout"; durationInMs: number }
  | { kind: "network"; message: string; durationInMs: number };

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
  const retryAfter = outcome.kind === "response" ? outcome.retryAfterInSeconds : undefined;
  const delayInMs = retryDelayInMs(options.policy, { ...options, retryAfterInSeconds: retryAfter });
  return delayInMs === null ? { action: "exhausted", reason } : { action: "retry", delayInMs, reason };
}

/** A short, secret-free description of an outcome for the attempt log. */
export function describeOutcome(outcome: AttemptOutcome): string {
  if (outcome.kind === "response") return `HTTP ${outcome.status}`;
  if (outcome.kind === "timeout") return "timeout";
  return `network error: ${outcome.message}`;
}

/** Whether a subscription that has failed without a success since `failingSince` should now be disabled. */
export function failingTooLong(failingSince: string | undefined, now: Date, disableAfterInMs: number): boolean {
  return failingSince !== undefined && now.getTime() - Date.parse(failingSince) >= disableAfterInMs;
}
