// Timer (schedule from RETENTION_SCHEDULE): deletes one bounded batch of each kind of finished work past its
// retention (final outbox entries, finished transactions, delivered and failed deliveries with their attempts,
// finished orchestrations' history); nothing in flight is ever selected.
import { app, type InvocationContext, type Timer } from "@azure/functions";
import * as df from "durable-functions";
import { retentionDeps } from "../lib/composition/distributionDeps.js";
import { applyRetention } from "../lib/retention/applyRetention.js";
import { services } from "../lib/composition/services.js";

/** Runs one round of retention and logs what it deleted. */
export async function retentionTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const s = await services();
  const deleted = await applyRetention(await retentionDeps(s, df.getClient(context)));
  s.logger.info({ event: "retention.finished", invocationId: context.invocationId, deleted }, "retention finished");
}

app.timer("retentionTimer", {
  schedule: "%RETENTION_SCHEDULE%",
  extraInputs: [df.input.durableClient()],
  handler: retentionTimer,
});
