// Activity: one confirmation check of a batch transaction (receipt, business events, rebroadcast, final results).
// A chain error that is still retried after the alert bound is raised as a warning and a metric, never dropped.
import * as df from "durable-functions";
import { countFinal } from "../lib/console/recordCounters.js";
import { isAppError } from "../lib/domain/appError.js";
import { chainRetryAlerts, confirmationLatency, updatesFinal } from "../lib/observability/metrics.js";
import { ALERT_AFTER_CHECKS } from "../lib/orchestration/retryPolicies.js";
import { confirmDeps } from "../lib/composition/submissionDeps.js";
import { services } from "../lib/composition/services.js";
import { confirmTransaction, type ConfirmInput, type ConfirmStep } from "../lib/submission/confirmTransaction.js";

/** One check, plus how long the monitor should wait before the next. */
export type ConfirmStepResult = ConfirmStep & { pollInMs: number };

/** Runs one confirmation check. */
export async function confirmStep(input: ConfirmInput): Promise<ConfirmStepResult> {
  const s = await services();
  const alert = (code: string, message: string): void => {
    if (input.check < ALERT_AFTER_CHECKS) return;
    chainRetryAlerts.add(1, { code });
    s.logger.warn({ event: "chain.retrying", nonce: input.nonce, check: input.check, code, message }, "still retrying");
  };
  const step = await confirmTransaction(confirmDeps(s), input).catch((error: unknown) => {
    if (isAppError(error) && error.retryable) alert(error.code, error.message);
    throw error;
  });
  if (step.status === "pending" && step.retrying) alert(step.retrying.code, step.retrying.message);
  if (step.status === "final") {
    if (step.latencyInMs !== undefined) confirmationLatency.record(step.latencyInMs);
    for (const [status, count] of Object.entries(step.counts)) updatesFinal.add(count, { status });
    // A transaction found already final (a replayed check) reports no counts: its row was written the first time.
    if (Object.keys(step.counts).length > 0)
      await countFinal(s, { nonce: input.nonce, outcome: step.outcome }, step.counts);
    s.logger.info(
      {
        event: `transaction.${step.outcome}`,
        nonce: input.nonce,
        blockNumber: step.blockNumber,
        ...step.counts,
        updateCount: Object.values(step.counts).reduce((sum, n) => sum + n, 0),
        latencyInMs: step.latencyInMs,
      },
      `transaction ${step.outcome}`,
    );
  }
  // A quarter block: a mined batch is seen within half a second of its block at 2-second blocks.
  return { ...step, pollInMs: Math.ceil(s.config.chain.blockTimeInMs / 4) };
}

export const confirmStepActivity = df.app.activity("confirmStep", { handler: confirmStep });
