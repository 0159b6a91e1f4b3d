// Timer: keeps the singleton submitter orchestration running (starts it at host start-up and after it failed or was
// terminated). Idempotent: a running submitter is left alone.
import { app, type InvocationContext, type Timer } from "@azure/functions";
import * as df from "durable-functions";
import { ensureInstance } from "../lib/orchestration/ensureInstance.js";
import { SUBMITTER_INSTANCE_ID } from "../lib/orchestration/retryPolicies.js";
import { services } from "../lib/composition/services.js";

/** Starts the submitter unless it runs. */
export async function ensureSubmitter(_timer: Timer, context: InvocationContext): Promise<void> {
  const started = await ensureInstance(df.getClient(context), "submitter", SUBMITTER_INSTANCE_ID, {
    reconciled: false,
  });
  if (started)
    (await services()).logger.info(
      { event: "submitter.started", invocationId: context.invocationId },
      "submitter started",
    );
}

app.timer("ensureSubmitter", {
  schedule: "*/30 * * * * *",
  runOnStartup: true,
  extraInputs: [df.input.durableClient()],
  handler: ensureSubmitter,
});
