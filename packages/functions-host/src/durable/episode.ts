// Turns one orchestrator episode into scheduling decisions, mirroring the JS executor's implicit task ids: new
// actions take ids depth-first in yield order, and retryable tasks take ids on their own when a failure or a retry
// timer is processed (one such event per episode, first in the batch, so both sides allocate in the same order).
import {
  ActionType,
  EventType,
  consumesId,
  event,
  inputAsJson,
  leaves,
  retryDelay,
  signature,
  type Action,
  type HistoryEvent,
  type RetryOptions,
} from "./history.js";

/** A retryable activity or sub-orchestration between attempts. */
export interface RetryEntry {
  kind: "activity" | "sub";
  name: string;
  input: string | null;
  options: RetryOptions;
  failures: number;
  /** The sub-orchestration instance id the orchestrator chose; attempts without one get `<executionId>:<taskId>`. */
  childId?: string;
}

/** Per-execution bookkeeping, persisted with the instance. */
export interface ExecState {
  nextId: number;
  /** Signature of each top-level action seen so far, for the non-determinism check. */
  sigs: string[];
  /** Task ids of each top-level action's leaves (-1 where a leaf takes none). */
  actionIds: number[][];
  /** In-flight attempt task id → retry entry. */
  retries: Record<string, RetryEntry>;
  /** Pending retry timer id → retry entry. */
  retryTimers: Record<string, RetryEntry>;
}

/** A new execution's bookkeeping. */
export function newExecState(): ExecState {
  return { nextId: 0, sigs: [], actionIds: [], retries: {}, retryTimers: {} };
}

/** What an episode schedules. */
export interface Plan {
  history: HistoryEvent[];
  work: { taskId: number; name: string; input: string | null }[];
  timers: { timerId: number; fireAt: number }[];
  children: { instanceId: string; name: string; input: string | null; taskId: number }[];
  immediateFailures: { taskId: number; reason: string }[];
  cancelTimers: number[];
  continueAsNew?: { input: string | null };
  nonDeterminism?: string;
}

function emptyPlan(): Plan {
  return { history: [], work: [], timers: [], children: [], immediateFailures: [], cancelTimers: [] };
}

/** True when delivering `ev` makes the JS side allocate task ids on its own (a retry failure or retry timer). */
export function isAllocating(exec: ExecState, ev: HistoryEvent): boolean {
  if (ev.EventType === EventType.TaskFailed || ev.EventType === EventType.SubOrchestrationInstanceFailed) {
    return exec.retries[String(ev.TaskScheduledId)] !== undefined;
  }
  if (ev.EventType === EventType.TimerFired) return exec.retryTimers[String(ev.TimerId)] !== undefined;
  return false;
}

/** Plans the episode: dynamic retry allocations for `first`, then the new actions, in the JS executor's order. */
export function planEpisode(
  exec: ExecState,
  executionId: string,
  now: number,
  first: HistoryEvent | undefined,
  actions: readonly Action[],
): Plan {
  const plan = emptyPlan();
  for (let i = 0; i < Math.min(actions.length, exec.sigs.length); i++) {
    const sig = signature(actions[i] as Action);
    if (sig !== exec.sigs[i]) {
      plan.nonDeterminism = `Non-deterministic workflow detected: action ${i} was '${exec.sigs[i]}' and is now '${sig}'`;
      return plan;
    }
    const ids = exec.actionIds[i] ?? [];
    leaves(actions[i] as Action).forEach((leaf, j) => {
      if (leaf.actionType === ActionType.CreateTimer && leaf.isCanceled && (ids[j] ?? -1) >= 0) {
        plan.cancelTimers.push(ids[j] as number);
      }
    });
  }
  if (first && isAllocating(exec, first)) allocateRetry(exec, executionId, first, now, plan);
  for (const action of actions.slice(exec.sigs.length)) {
    const ids: number[] = [];
    for (const leaf of leaves(action)) {
      const id = consumesId(leaf) ? exec.nextId++ : -1;
      ids.push(id);
      scheduleLeaf(exec, executionId, leaf, id, now, plan);
    }
    exec.sigs.push(signature(action));
    exec.actionIds.push(ids);
  }
  return plan;
}

function allocateRetry(exec: ExecState, executionId: string, first: HistoryEvent, now: number, plan: Plan): void {
  if (first.EventType === EventType.TimerFired) {
    const entry = exec.retryTimers[String(first.TimerId)] as RetryEntry;
    delete exec.retryTimers[String(first.TimerId)];
    if (entry.failures >= entry.options.maxNumberOfAttempts) return;
    const id = exec.nextId++;
    exec.retries[String(id)] = entry;
    scheduleAttempt(entry, id, executionId, now, plan);
    return;
  }
  const entry = exec.retries[String(first.TaskScheduledId)] as RetryEntry;
  delete exec.retries[String(first.TaskScheduledId)];
  entry.failures++;
  const timerId = exec.nextId++;
  const fireAt = now + retryDelay(entry.options, entry.failures);
  exec.retryTimers[String(timerId)] = entry;
  plan.timers.push({ timerId, fireAt });
  plan.history.push(event(EventType.TimerCreated, now, { FireAt: new Date(fireAt).toISOString() }, timerId));
}

function scheduleAttempt(entry: RetryEntry, id: number, executionId: string, now: number, plan: Plan): void {
  if (entry.kind === "activity") {
    plan.work.push({ taskId: id, name: entry.name, input: entry.input });
    plan.history.push(event(EventType.TaskScheduled, now, { Name: entry.name, Input: entry.input }, id));
  } else {
    // DTFx names an unnamed sub-orchestration after the parent's execution id and the attempt's task id.
    const childId = entry.childId ?? `${executionId}:${id}`;
    plan.children.push({ instanceId: childId, name: entry.name, input: entry.input, taskId: id });
    plan.history.push(
      event(
        EventType.SubOrchestrationInstanceCreated,
        now,
        { Name: entry.name, InstanceId: childId, Input: entry.input },
        id,
      ),
    );
  }
}

function scheduleLeaf(exec: ExecState, executionId: string, leaf: Action, id: number, now: number, plan: Plan): void {
  const name = leaf.functionName ?? "";
  switch (leaf.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry: {
      const entry: RetryEntry = {
        kind: "activity",
        name,
        input: inputAsJson(leaf.input),
        options: leaf.retryOptions as RetryOptions,
        failures: 0,
      };
      if (leaf.actionType === ActionType.CallActivityWithRetry) exec.retries[String(id)] = entry;
      scheduleAttempt(entry, id, executionId, now, plan);
      return;
    }
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry: {
      // Sub-orchestration inputs are not run through processInput, so every value is serialised here.
      const input = leaf.input === undefined ? null : JSON.stringify(leaf.input);
      const childId = leaf.instanceId || undefined;
      const entry: RetryEntry = {
        kind: "sub",
        name,
        input,
        options: leaf.retryOptions as RetryOptions,
        failures: 0,
        childId,
      };
      if (leaf.actionType === ActionType.CallSubOrchestratorWithRetry) exec.retries[String(id)] = entry;
      scheduleAttempt(entry, id, executionId, now, plan);
      return;
    }
    case ActionType.CreateTimer: {
      const fireAt = Date.parse(String(leaf.fireAt));
      plan.history.push(event(EventType.TimerCreated, now, { FireAt: new Date(fireAt).toISOString() }, id));
      if (!leaf.isCanceled) plan.timers.push({ timerId: id, fireAt });
      return;
    }
    case ActionType.ContinueAsNew:
      plan.continueAsNew = { input: inputAsJson(leaf.input) };
      return;
    case ActionType.WaitForExternalEvent:
    case ActionType.SignalEntity:
      return;
    default:
      plan.immediateFailures.push({
        taskId: id,
        reason: `Action type ${leaf.actionType} (${name || "entity/http"}) is not supported by the local host`,
      });
  }
}
