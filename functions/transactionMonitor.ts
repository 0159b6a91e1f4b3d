// Orchestration, one per batch transaction: checks it on a durable timer until every update in it has its final
// status. Long waits continue as new so the history stays small.
import * as df from "durable-functions";
import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import {
  CHAIN_ACTIVITY_RETRY,
  FAILED_ROUND_PAUSE_IN_MS,
  ITERATIONS_PER_EXECUTION,
} from "../lib/orchestration/retryPolicies.js";
import type { ConfirmInput } from "../lib/submission/confirmTransaction.js";
import { confirmStepActivity, type ConfirmStepResult } from "./confirmStep.js";

/** Polls the transaction until it is final. */
export const transactionMonitor: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput<ConfirmInput>();
  let check = input.check ?? 0;
  for (let i = 0; i < ITERATIONS_PER_EXECUTION; i++, check++) {
    let waitInMs = FAILED_ROUND_PAUSE_IN_MS;
    try {
      const step: ConfirmStepResult = yield confirmStepActivity({ ...input, check }).withRetry(CHAIN_ACTIVITY_RETRY);
      if (step.status === "final") return step;
      waitInMs = step.pollInMs;
    } catch {
      // Every retry failed (chain or storage down): keep the transaction monitored and try again later.
    }
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitInMs));
  }
  context.df.continueAsNew({ ...input, check });
  return undefined;
};

df.app.orchestration("transactionMonitor", transactionMonitor);
