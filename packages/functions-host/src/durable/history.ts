// The durable wire formats the JS library reads and writes: history events (DTFx names and numbering, as the
// extension sends them), orchestrator actions, and builders for the events the engine appends.

/** DTFx history event types (numbering is part of the protocol). */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

/** One history event; fields beyond the common four depend on `EventType`. */
export interface HistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  [field: string]: unknown;
}

/** Orchestrator action types (numbering is part of the protocol). */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

/** Retry options as the JS library serialises them. */
export interface RetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
}

/** An action from `OrchestratorState.actions`. */
export interface Action {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  version?: string;
  retryOptions?: RetryOptions;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: Action[];
}

/** What the orchestrator returns (`returnValue.json`). */
export interface OrchestratorState {
  isDone: boolean;
  actions: Action[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion?: number;
}

/** Builds a history event. */
export function event(type: number, at: number, fields: Record<string, unknown> = {}, eventId = -1): HistoryEvent {
  return { EventType: type, EventId: eventId, IsPlayed: false, Timestamp: new Date(at).toISOString(), ...fields };
}

/** Action inputs go through `processInput` (strings arrive JSON-encoded); anything else is serialised here. */
export function inputAsJson(input: unknown): string | null {
  if (input === undefined) return null;
  return typeof input === "string" ? input : JSON.stringify(input);
}

/** The delay before retry `failures` (1-based), as DTFx computes it. */
export function retryDelay(options: RetryOptions, failures: number): number {
  const delay = options.firstRetryIntervalInMilliseconds * (options.backoffCoefficient ?? 1) ** (failures - 1);
  const cap = options.maxRetryIntervalInMilliseconds;
  return cap !== undefined && cap > 0 ? Math.min(delay, cap) : delay;
}

/** A short signature of an action, to detect non-deterministic replays. */
export function signature(action: Action): string {
  const children = action.compoundActions?.map(signature).join(",") ?? "";
  return `${action.actionType}:${action.functionName ?? action.externalEventName ?? ""}${children ? `[${children}]` : ""}`;
}

/** The leaves of an action tree in the depth-first order the JS executor assigns task ids. */
export function leaves(action: Action): Action[] {
  return action.compoundActions ? action.compoundActions.flatMap(leaves) : [action];
}

/** True for leaf actions that consume a task id. */
export function consumesId(action: Action): boolean {
  return action.actionType !== ActionType.WaitForExternalEvent && action.actionType !== ActionType.ContinueAsNew;
}
