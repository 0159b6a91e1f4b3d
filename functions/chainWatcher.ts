// Timer (a singleton across instances): reads new RecordUpserted events below the confirmation depth from the
// persisted checkpoint and turns each into a delivery for every matching subscription.
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { watchDeps } from "../lib/composition/distributionDeps.js";
import { watchChain } from "../lib/distribution/watchChain.js";
import { services } from "../lib/composition/services.js";

/** Steps per run before yielding to the next tick, so one run stays short. */
const MAX_STEPS_PER_RUN = 20;

/** Reads the chain until caught up (or the step budget is spent). */
export async function chainWatcher(_timer: Timer, context: InvocationContext): Promise<void> {
  const s = await services();
  for (let step = 0; step < MAX_STEPS_PER_RUN; step++) {
    const result = await watchChain(await watchDeps(s));
    if (result.events > 0)
      s.logger.info({ event: "watcher.step", invocationId: context.invocationId, ...result }, "record events read");
    if (result.caughtUp) return;
  }
}

app.timer("chainWatcher", { schedule: "*/2 * * * * *", handler: chainWatcher });
