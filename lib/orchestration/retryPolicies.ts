// Named retry policies and pacing for the orchestrations. Backoff lives here and in durable timers, never in
// Service Bus redelivery.
import * as df from "durable-functions";

/** Activities that talk to the chain, storage or Key Vault: 5 attempts, 1 s doubling to 30 s. */
export const CHAIN_ACTIVITY_RETRY = Object.assign(new df.RetryOptions(1_000, 5), {
  backoffCoefficient: 2,
  maxRetryIntervalInMilliseconds: 30_000,
});

/**
 * Checks of one transaction after which a chain error still being retried raises an alert (a warning and the
 * `creditlink.chain.retry_alerts` metric); it is never dropped for it (DESIGN §6.4).
 */
export const ALERT_AFTER_CHECKS = 20;

/** A transaction monitor rebroadcasts the identical bytes after this many checks find the transaction unmined. */
export const REBROADCAST_EVERY_CHECKS = 5;

/** After an activity failed all its attempts, an eternal loop waits this long before the next round. */
export const FAILED_ROUND_PAUSE_IN_MS = 15_000;

/** Iterations before an eternal orchestration continues as new, bounding its history. */
export const ITERATIONS_PER_EXECUTION = 100;

/** The submitter's fixed instance id: one writer per signing key, and one signing key per app. */
export const SUBMITTER_INSTANCE_ID = "submitter";

/** The monitor's instance id for a transaction. */
export function monitorInstanceId(address: string, nonce: number): string {
  return `tx-${address.toLowerCase()}-${nonce}`;
}
