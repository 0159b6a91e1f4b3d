// Orchestration, a singleton per app (one signing key): the one writer that turns accepted updates into batch
// transactions. Reconciles the key's nonce with the chain when it starts, then loops on the submitter step, waiting
// a fraction of a block when the last batch was not full.
import * as df from "durable-functions";
import type { OrchestrationContext, OrchestrationHandler } from "durable-functions";
import {
  CHAIN_ACTIVITY_RETRY,
  FAILED_ROUND_PAUSE_IN_MS,
  ITERATIONS_PER_EXECUTION,
} from "../lib/orchestration/retryPolicies.js";
import { checkSignerNonceActivity } from "./checkSignerNonce.js";
import { submitBatchActivity, type SubmitBatchResult } from "./submitBatch.js";

interface SubmitterState {
  reconciled: boolean;
}

/** The submitter loop. */
export const submitter: OrchestrationHandler = function* (context: OrchestrationContext) {
  const state = context.df.getInput<SubmitterState | undefined>() ?? { reconciled: false };
  if (!state.reconciled) {
    yield checkSignerNonceActivity().withRetry(CHAIN_ACTIVITY_RETRY);
    state.reconciled = true;
  }
  for (let i = 0; i < ITERATIONS_PER_EXECUTION; i++) {
    let waitInMs = FAILED_ROUND_PAUSE_IN_MS;
    try {
      const result: SubmitBatchResult = yield submitBatchActivity().withRetry(CHAIN_ACTIVITY_RETRY);
      if (result.full) continue;
      waitInMs = result.idleWaitInMs;
    } catch {
      // Every retry failed (chain, storage or Key Vault down, or another writer holds the nonce): pause, go on.
    }
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitInMs));
  }
  context.df.continueAsNew(state);
  return undefined;
};

df.app.orchestration("submitter", submitter);
