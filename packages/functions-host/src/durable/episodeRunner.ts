// One orchestration episode: pick the deliverable events (control operations first, at most one id-allocating
// event, first in the batch), replay the history plus the new events through the orchestrator function, plan what
// it scheduled, and commit history, instance state, inbox and work items in one transaction.
import type { DurableEngine } from "./engine.js";
import { isAllocating, planEpisode, type Plan } from "./episode.js";
import { EventType, event, type HistoryEvent, type OrchestratorState } from "./history.js";
import { isTerminal, newInstance, type Instance } from "./instance.js";
import { applyControl, commitEpisode, continueAsNew, finish, notifyParent, type ParentLink } from "./outcomes.js";
import type { EpisodeCommit, InboxItem, InstanceRow } from "./store.js";

const CONTROL = new Set<number>([
  EventType.ExecutionTerminated,
  EventType.ExecutionSuspended,
  EventType.ExecutionResumed,
]);
const OUT_OF_PROC = "$OutOfProcData$:";

/** Runs one episode of `instance`, if it has deliverable events; false when nothing could be delivered. */
export async function runEpisode(engine: DurableEngine, instance: Instance): Promise<boolean> {
  const now = engine.options.clock.now();
  const { row } = instance;
  const visible = instance.inbox.filter((i) => i.visibleAt <= now);
  const stale = visible.filter((i) => i.executionId !== null && i.executionId !== row.executionId);
  const live = visible.filter((i) => !stale.includes(i));
  if (isTerminal(row.status)) {
    commitEpisode(engine, instance, { consume: visible.map((i) => i.seq) });
    return true;
  }
  const control = live.find((i) => CONTROL.has(i.event.EventType));
  if (control && (row.status === "Suspended" || live[0] === control)) {
    applyControl(engine, instance, control, stale);
    return true;
  }
  if (stale.length > 0) commitEpisode(engine, instance, { consume: stale.map((i) => i.seq) });
  // A suspended instance holds its events until it is resumed.
  if (row.status === "Suspended") return false;
  const batch: InboxItem[] = [];
  for (const item of live) {
    if (CONTROL.has(item.event.EventType)) break;
    if (batch.length > 0 && isAllocating(instance.exec, item.event)) break;
    batch.push(item);
  }
  if (batch.length === 0) return false;
  await replay(engine, instance, batch, now);
  return true;
}

async function replay(engine: DurableEngine, instance: Instance, batch: InboxItem[], now: number): Promise<void> {
  const { row } = instance;
  const fireTimes = batch
    .filter((i) => i.event.EventType === EventType.TimerFired)
    .map((i) => Date.parse(String(i.event.FireAt)));
  // OrchestratorStarted must not precede a fired timer, or a long timer would allocate another id.
  const startedAt = Math.max(now, ...fireTimes);
  const newEvents: HistoryEvent[] = [event(EventType.OrchestratorStarted, startedAt), ...batch.map((i) => i.event)];
  const payload = orchestratorPayload(instance, newEvents);
  const fn = engine.options.functions.get(row.name);
  let state: OrchestratorState | undefined;
  let failure: string | undefined;
  if (!fn || fn.trigger.type.toLowerCase() !== "orchestrationtrigger") {
    failure = `The function '${row.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
  } else {
    try {
      const response = await (engine.invoker as NonNullable<typeof engine.invoker>).invoke(fn, {
        triggerData: { string: payload },
        reason: `(Orchestrator) Instance ${row.id}`,
      });
      state = JSON.parse(response.returnValue?.json ?? "null") as OrchestratorState;
      if (!state || !Array.isArray(state.actions)) failure = "The orchestrator returned no orchestration state";
    } catch (error) {
      ({ state, failure } = parseFailure(error));
    }
  }
  if (engine.stopped) return;
  const actions = state?.actions?.flat() ?? [];
  const exec = instance.exec;
  const plan: Plan | undefined = failure
    ? undefined
    : planEpisode(exec, row.executionId, startedAt, batch[0]?.event, actions);
  if (plan?.nonDeterminism) failure = plan.nonDeterminism;
  for (const { event: ev } of batch) {
    const succeeded =
      ev.EventType === EventType.TaskCompleted || ev.EventType === EventType.SubOrchestrationInstanceCompleted;
    if (succeeded) delete exec.retries[String(ev.TaskScheduledId)];
  }
  const updated: InstanceRow = { ...row, updated: now, status: "Running" };
  if (state?.customStatus !== undefined) updated.customStatus = JSON.stringify(state.customStatus);
  const commit: EpisodeCommit = {
    consume: batch.map((i) => i.seq),
    addInbox: [],
    addWork: [],
    upsert: [],
    deleteInstance: [],
  };
  const history = [...newEvents, ...(plan?.history ?? [])];
  const created: Instance[] = [];
  if (plan && !failure) schedule(engine, instance, plan, commit, created, startedAt);
  history.push(event(EventType.OrchestratorCompleted, now));
  if (failure !== undefined) {
    const message = `Orchestrator function '${row.name}' failed: ${failure}`;
    finish(updated, "Failed", JSON.stringify(message), history, now);
    notifyParent(updated, commit, now, { failed: message });
  } else if (state?.isDone && plan?.continueAsNew) {
    return continueAsNew(engine, instance, updated, plan.continueAsNew.input, commit, now);
  } else if (state?.isDone) {
    const output = state.output === undefined ? "null" : JSON.stringify(state.output);
    finish(updated, "Completed", output, history, now);
    notifyParent(updated, commit, now, { output });
  }
  updated.state = JSON.stringify(exec);
  commit.upsert?.unshift(updated);
  commit.appendHistory = { instanceId: row.id, events: history };
  instance.history.push(...history);
  instance.historyJson += (instance.historyJson ? "," : "") + history.map((e) => JSON.stringify(e)).join(",");
  commitEpisode(engine, instance, commit, created, updated);
}

function schedule(
  engine: DurableEngine,
  instance: Instance,
  plan: Plan,
  commit: EpisodeCommit,
  created: Instance[],
  now: number,
): void {
  const { row } = instance;
  const inbox = commit.addInbox as NonNullable<EpisodeCommit["addInbox"]>;
  for (const w of plan.work) commit.addWork?.push({ instanceId: row.id, executionId: row.executionId, ...w });
  for (const t of plan.timers) {
    const fired = event(EventType.TimerFired, t.fireAt, {
      TimerId: t.timerId,
      FireAt: new Date(t.fireAt).toISOString(),
    });
    inbox.push({ instanceId: row.id, executionId: row.executionId, event: fired, visibleAt: t.fireAt });
  }
  for (const f of plan.immediateFailures) {
    const failed = event(EventType.TaskFailed, now, { TaskScheduledId: f.taskId, Reason: f.reason, Details: "" });
    inbox.push({ instanceId: row.id, executionId: row.executionId, event: failed, visibleAt: now });
  }
  const cancel = new Set(plan.cancelTimers);
  for (const item of instance.inbox) {
    if (
      item.event.EventType === EventType.TimerFired &&
      cancel.has(Number(item.event.TimerId)) &&
      item.executionId === row.executionId
    ) {
      commit.consume?.push(item.seq);
    }
  }
  for (const child of plan.children) {
    const link: ParentLink = { instanceId: row.id, executionId: row.executionId, name: row.name, taskId: child.taskId };
    const made = newInstance(now, child.name, child.instanceId, child.input, JSON.stringify(link));
    commit.deleteInstance?.push(...(made.commit.deleteInstance ?? []));
    commit.upsert?.push(...(made.commit.upsert ?? []));
    inbox.push(...(made.commit.addInbox ?? []));
    created.push(made.instance);
  }
}

/** The orchestration trigger value, as the extension sends it (schema V3); the stored history is spliced in as text. */
function orchestratorPayload(instance: Instance, newEvents: HistoryEvent[]): string {
  const { row } = instance;
  const history = [instance.historyJson, ...newEvents.map((e) => JSON.stringify(e))].filter((s) => s !== "").join(",");
  const rest = JSON.stringify({
    instanceId: row.id,
    isReplaying: instance.history.length > 0,
    parentInstanceId: row.parent ? (JSON.parse(row.parent) as ParentLink).instanceId : null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    maximumShortTimerDuration: "6.00:00:00",
    longRunningTimerIntervalDuration: "3.00:00:00",
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  });
  return `{"history":[${history}],"input":${row.input ?? "null"},${rest.slice(1)}`;
}

function parseFailure(error: unknown): { state: OrchestratorState | undefined; failure: string } {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(OUT_OF_PROC);
  if (at < 0) return { state: undefined, failure: message };
  // The message starts with JSON.stringify(orchestratorReturned) (literally "false"); the real error is in the state.
  const state = JSON.parse(message.slice(at + OUT_OF_PROC.length)) as OrchestratorState;
  return { state, failure: state.error ?? message.slice(0, at) };
}
