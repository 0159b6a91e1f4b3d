// Timer (every 5 minutes): deletes the console's counter rows older than their retention, a bounded batch per run.
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { pruneCounters } from "../lib/console/pruneCounters.js";
import { services } from "../lib/composition/services.js";

/** Runs one round of counter retention. */
export async function consoleCountersRetention(_timer: Timer, context: InvocationContext): Promise<void> {
  const s = await services();
  const deleted = await pruneCounters({ counters: s.console.counters, clock: s.clock });
  if (deleted > 0) {
    s.logger.info({ event: "console.counters_pruned", invocationId: context.invocationId, deleted }, "counters pruned");
  }
}

app.timer("consoleCountersRetention", { schedule: "0 */5 * * * *", handler: consoleCountersRetention });
