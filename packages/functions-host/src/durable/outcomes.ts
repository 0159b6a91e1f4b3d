// How episodes end and what they commit: finishing an instance (and telling its parent), continue-as-new,
// terminate/suspend/resume, and the single commit that applies an episode to the store and to memory.
import { randomUUID } from "node:crypto";
import type { DurableEngine } from "./engine.js";
import { newExecState } from "./episode.js";
import { EventType, event, type HistoryEvent } from "./history.js";
import { executionStarted, type Instance } from "./instance.js";
import type { EpisodeCommit, InboxItem, InstanceRow, RuntimeStatus } from "./store.js";

/** Where a sub-orchestration reports back. */
export interface ParentLink {
  instanceId: string;
  executionId: string;
  name: string;
  taskId: number;
}

/** Marks the instance finished and appends ExecutionCompleted. */
export function finish(
  row: InstanceRow,
  status: RuntimeStatus,
  output: string,
  history: HistoryEvent[],
  now: number,
): void {
  row.status = status;
  row.output = output;
  history.push(event(EventType.ExecutionCompleted, now, { OrchestrationStatus: status, Result: output }));
}

/** Tells the parent of a finished sub-orchestration (for the execution that created it). */
export function notifyParent(
  row: InstanceRow,
  commit: EpisodeCommit,
  now: number,
  outcome: { output?: string; failed?: string },
): void {
  if (!row.parent) return;
  const link = JSON.parse(row.parent) as ParentLink;
  const ev =
    outcome.failed !== undefined
      ? event(EventType.SubOrchestrationInstanceFailed, now, {
          TaskScheduledId: link.taskId,
          Reason: outcome.failed,
          Details: "",
        })
      : event(EventType.SubOrchestrationInstanceCompleted, now, {
          TaskScheduledId: link.taskId,
          Result: outcome.output ?? "null",
        });
  commit.addInbox?.push({ instanceId: link.instanceId, executionId: link.executionId, event: ev, visibleAt: now });
}

/** Restarts the instance as a new execution with `input`. */
export function continueAsNew(
  engine: DurableEngine,
  instance: Instance,
  updated: InstanceRow,
  input: string | null,
  commit: EpisodeCommit,
  now: number,
): void {
  // Events of this batch are dropped; events that arrived later stay queued; results for the old execution go stale.
  updated.executionId = randomUUID().replace(/-/g, "");
  updated.input = input;
  updated.status = "Running";
  instance.exec = newExecState();
  updated.state = JSON.stringify(instance.exec);
  commit.upsert?.unshift(updated);
  commit.appendHistory = { instanceId: updated.id, events: [], resetFrom: true };
  commit.addInbox?.push({
    instanceId: updated.id,
    executionId: updated.executionId,
    event: executionStarted(updated, now),
    visibleAt: now,
  });
  commit.addWork = [];
  instance.history = [];
  instance.historyJson = "";
  commitEpisode(engine, instance, commit, [], updated);
}

/** Applies terminate, suspend or resume. */
export function applyControl(engine: DurableEngine, instance: Instance, control: InboxItem, stale: InboxItem[]): void {
  const now = engine.options.clock.now();
  const updated: InstanceRow = { ...instance.row, updated: now };
  const reason = control.event.Input ?? control.event.Reason ?? "";
  const history: HistoryEvent[] = [{ ...control.event, Timestamp: new Date(now).toISOString() }];
  const commit: EpisodeCommit = { consume: [control.seq, ...stale.map((i) => i.seq)], addInbox: [], upsert: [] };
  if (control.event.EventType === EventType.ExecutionTerminated) {
    finish(updated, "Terminated", JSON.stringify(reason), history, now);
    notifyParent(updated, commit, now, { failed: `Orchestration '${updated.id}' was terminated: ${String(reason)}` });
  } else if (control.event.EventType === EventType.ExecutionSuspended) {
    updated.status = "Suspended";
  } else if (instance.row.status === "Suspended") {
    updated.status = instance.history.length > 0 ? "Running" : "Pending";
  } else {
    history.length = 0;
  }
  commit.upsert?.push(updated);
  commit.appendHistory = { instanceId: updated.id, events: history };
  instance.history.push(...history);
  if (history.length > 0)
    instance.historyJson += (instance.historyJson ? "," : "") + history.map((e) => JSON.stringify(e)).join(",");
  commitEpisode(engine, instance, commit, [], updated);
}

/** Commits an episode and updates the in-memory instance, the engine and any waiters. */
export function commitEpisode(
  engine: DurableEngine,
  instance: Instance,
  commit: EpisodeCommit,
  created: Instance[] = [],
  updated?: InstanceRow,
): void {
  if (engine.stopped) return;
  const result = engine.options.store.commit(commit);
  if (updated) instance.row = updated;
  engine.consumed(instance, commit.consume ?? []);
  engine.apply(result, created);
  engine.notifyChanged(instance.row.id);
}
