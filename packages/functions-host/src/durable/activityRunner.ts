// Runs one activity work item through the invoker and records its result (TaskCompleted or TaskFailed) for the
// execution that scheduled it, removing the work item in the same transaction. A host stopped mid-activity commits
// nothing, so the activity runs again after a restart (at least once, as in Azure).
import type { RpcTypedData } from "../coreTypes.js";
import type { DurableEngine } from "./engine.js";
import { EventType, event, type HistoryEvent } from "./history.js";
import type { WorkItem } from "./store.js";

/** Invokes the activity of `item` and commits its outcome. */
export async function runActivity(engine: DurableEngine, item: WorkItem): Promise<void> {
  const { functions, clock, store } = engine.options;
  const fn = [...functions.values()].find((f) => f.name.toLowerCase() === item.name.toLowerCase());
  let outcome: HistoryEvent;
  if (!fn || fn.trigger.type.toLowerCase() !== "activitytrigger") {
    outcome = failed(
      item,
      clock.now(),
      // The extension's TaskNonexistentActivityShim wording.
      `Activity function '${item.name}' failed: Activity function '${item.name}' does not exist.`,
      "",
    );
  } else {
    try {
      const response = await (engine.invoker as NonNullable<typeof engine.invoker>).invoke(fn, {
        triggerData: item.input === null ? {} : { json: item.input },
        reason: `(Activity) Instance ${item.instanceId}, task ${item.taskId}`,
      });
      outcome = event(EventType.TaskCompleted, clock.now(), {
        TaskScheduledId: item.taskId,
        Result: resultJson(response.returnValue),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const stack = error instanceof Error ? (error.stack ?? "") : "";
      outcome = failed(item, clock.now(), `Activity function '${item.name}' failed: ${message}`, stack);
    }
  }
  if (engine.stopped) return;
  const result = store.commit({
    finishWork: [item.seq],
    addInbox: [{ instanceId: item.instanceId, executionId: item.executionId, event: outcome, visibleAt: clock.now() }],
  });
  engine.apply(result, []);
}

function failed(item: WorkItem, now: number, reason: string, details: string): HistoryEvent {
  // The JS library needs Reason and Details as strings (or FailureDetails), else it cannot parse the failure.
  return event(EventType.TaskFailed, now, { TaskScheduledId: item.taskId, Reason: reason, Details: details });
}

/** Converts an activity's return value to the JSON text a TaskCompleted event carries. */
export function resultJson(value: RpcTypedData | null | undefined): string | null {
  if (!value) return null;
  if (typeof value.json === "string") return value.json;
  if (typeof value.string === "string") return JSON.stringify(value.string);
  if (typeof value.int === "number") return String(value.int);
  if (typeof value.double === "number") return String(value.double);
  if (value.bytes) return JSON.stringify(Buffer.from(value.bytes).toString("base64"));
  return null;
}
