// Activity: one submitter step (sign, store, broadcast the next batch), then makes sure every transaction in
// flight has its confirmation monitor running.
import type { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { countSubmitted, countThrottled } from "../lib/console/recordCounters.js";
import { isAppError } from "../lib/domain/appError.js";
import { ensureInstance } from "../lib/orchestration/ensureInstance.js";
import { monitorInstanceId } from "../lib/orchestration/retryPolicies.js";
import { batchSize, signingThrottles, updatesUnsubmittable } from "../lib/observability/metrics.js";
import { submitDeps } from "../lib/composition/submissionDeps.js";
import { services } from "../lib/composition/services.js";
import { submitNextBatch } from "../lib/submission/submitNextBatch.js";

/** What the submitter orchestration learns from a step. */
export interface SubmitBatchResult {
  records: number;
  /** A full batch was sent: more may be waiting, so go again at once. */
  full: boolean;
  /** How long to wait when the batch was not full (a fraction of the block time, to fill the next block). */
  idleWaitInMs: number;
}

/** Runs one submitter step. */
export async function submitBatch(_input: unknown, context: InvocationContext): Promise<SubmitBatchResult> {
  const s = await services();
  const { submitted, failed, refused } = await submitNextBatch(submitDeps(s)).catch(async (error: unknown) => {
    if (isAppError(error, "SIGNING_THROTTLED")) {
      signingThrottles.add(1);
      await countThrottled(s, context.invocationId);
    }
    throw error;
  });
  const client = df.getClient(context);
  const address = await s.writer.account();
  const unfinished = await s.transactions.unfinished(address);
  await Promise.all(
    unfinished.map((tx) =>
      ensureInstance(client, "transactionMonitor", monitorInstanceId(address, tx.nonce), { address, nonce: tx.nonce }),
    ),
  );
  if (refused) s.logger.info({ event: "governance.refused", updateId: refused }, "governance action refused");
  for (const updateId of failed) {
    updatesUnsubmittable.add(1);
    s.logger.warn({ event: "update.unsubmittable", updateId }, "update failed: no transaction can carry it");
  }
  await Promise.all(submitted.map((tx) => countSubmitted(s, tx)));
  for (const tx of submitted) {
    batchSize.record(tx.updateIds.length);
    s.logger.info(
      {
        event: "batch.submitted",
        txHash: tx.txHash,
        nonce: tx.nonce,
        updateCount: tx.updateIds.length,
        broadcast: tx.broadcast,
      },
      "batch submitted",
    );
  }
  const records = submitted.reduce((sum, tx) => sum + tx.updateIds.length, 0);
  return {
    records,
    // Full: the batch was as large as the limits allow (gas budget, count, calldata), so more may be waiting.
    full: records >= s.writer.recordsPerBatch,
    idleWaitInMs: Math.ceil(s.config.chain.blockTimeInMs / 4),
  };
}

export const submitBatchActivity = df.app.activity("submitBatch", {
  handler: submitBatch,
  extraInputs: [df.input.durableClient()],
});
