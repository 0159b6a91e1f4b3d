// An orchestration instance as the engine holds it in memory, and the small facts about instances that the engine
// and the episode runner share: terminal statuses and the ExecutionStarted event of an execution.
import { randomUUID } from "node:crypto";
import { newExecState, type ExecState } from "./episode.js";
import { EventType, event, type HistoryEvent } from "./history.js";
import type { EpisodeCommit, InboxItem, InstanceRow, RuntimeStatus } from "./store.js";

/** An instance as the engine holds it. */
export interface Instance {
  row: InstanceRow;
  history: HistoryEvent[];
  /** The history serialised, comma-joined, so episodes do not re-serialise it. */
  historyJson: string;
  exec: ExecState;
  inbox: InboxItem[];
}

const TERMINAL: ReadonlySet<RuntimeStatus> = new Set(["Completed", "Failed", "Terminated"]);

/** True for Completed, Failed and Terminated. */
export function isTerminal(status: RuntimeStatus): boolean {
  return TERMINAL.has(status);
}

/** The ExecutionStarted event of an instance's current execution. */
export function executionStarted(row: InstanceRow, now: number): HistoryEvent {
  const parent = row.parent
    ? (JSON.parse(row.parent) as { instanceId: string; executionId: string; name: string; taskId: number })
    : null;
  return event(EventType.ExecutionStarted, now, {
    Name: row.name,
    Input: row.input,
    Version: "",
    OrchestrationInstance: { InstanceId: row.id, ExecutionId: row.executionId },
    ParentInstance: parent
      ? {
          Name: parent.name,
          OrchestrationInstance: { InstanceId: parent.instanceId, ExecutionId: parent.executionId },
          TaskScheduleId: parent.taskId,
        }
      : null,
  });
}

/** The commit that (re)creates an instance as Pending with its ExecutionStarted queued, and its in-memory form. */
export function newInstance(
  now: number,
  name: string,
  instanceId: string,
  input: string | null,
  parent: string | null,
): { commit: EpisodeCommit; instance: Instance } {
  const executionId = randomUUID().replace(/-/g, "");
  const row: InstanceRow = {
    id: instanceId,
    name,
    executionId,
    status: "Pending",
    input,
    output: null,
    customStatus: null,
    created: now,
    updated: now,
    parent,
    state: JSON.stringify(newExecState()),
  };
  return {
    commit: {
      deleteInstance: [instanceId],
      upsert: [row],
      addInbox: [{ instanceId, executionId, event: executionStarted(row, now), visibleAt: now }],
    },
    instance: { row, history: [], historyJson: "", exec: newExecState(), inbox: [] },
  };
}
