// The OrchestrationHistory over a Durable Functions client: purges finished instances by creation time, so the task
// hub's history (tables, and blobs of large messages) of every finished monitor is removed once past retention.
// Running, pending and suspended orchestrations (the submitter, monitors in flight) are never selected.
import { OrchestrationRuntimeStatus, type DurableClient } from "durable-functions";
import type { OrchestrationHistory } from "../../ports/retention.js";

const FINISHED = [
  OrchestrationRuntimeStatus.Completed,
  OrchestrationRuntimeStatus.Failed,
  OrchestrationRuntimeStatus.Terminated,
];

/** The history of the orchestrations `client` manages. */
export function durableOrchestrationHistory(client: DurableClient): OrchestrationHistory {
  return {
    async purge(before) {
      const filter = { createdTimeFrom: new Date(0), createdTimeTo: new Date(before), runtimeStatus: FINISHED };
      return (await client.purgeInstanceHistoryBy(filter)).instancesDeleted;
    },
  };
}
