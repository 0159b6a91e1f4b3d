// Durable Functions for the host: owns the store and engine, answers the durable client binding, and offers the
// operations the client HTTP API and the test harness call (start, raise, status, wait, terminate, suspend,
// resume, purge).
import { randomUUID } from "node:crypto";
import { VirtualClock, type Clock } from "../clock.js";
import type { FunctionEntry } from "../functionIndex.js";
import type { HttpKeys } from "../httpKeys.js";
import type { InputProvider, Invoker } from "../invoker.js";
import type { LogSink } from "../logger.js";
import type { HostConfig } from "../settings.js";
import { clientBinding } from "./clientBinding.js";
import { runActivity } from "./activityRunner.js";
import { DurableEngine } from "./engine.js";
import { runEpisode } from "./episodeRunner.js";
import { isTerminal } from "./instance.js";
import { EventType, event } from "./history.js";
import { DurableStore, type InstanceRow } from "./store.js";

/** Options for {@link DurableRuntime}. */
export interface DurableRuntimeOptions {
  functions: ReadonlyMap<string, FunctionEntry>;
  config: HostConfig;
  clock: Clock;
  log: LogSink;
  dataDir: string | undefined;
  baseUrl: string;
  keys: HttpKeys;
}

/** Options for {@link DurableRuntime.startNew}. */
export interface StartOptions {
  instanceId?: string;
  input?: unknown;
}

/** An instance's status, shaped like the extension's `StatusResponsePayload`. */
export interface DurableStatus {
  name: string;
  instanceId: string;
  runtimeStatus: InstanceRow["status"];
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: unknown[];
}

/** Outcome of an operation on an instance, mapped to 202/404/410 by the HTTP API. */
export type OperationResult = "accepted" | "notFound" | "gone";

/** The durable backend as the host uses it. */
export class DurableRuntime {
  readonly options: DurableRuntimeOptions;
  readonly store: DurableStore;
  readonly engine: DurableEngine;

  constructor(options: DurableRuntimeOptions) {
    this.options = options;
    this.store = new DurableStore(options.dataDir);
    const { durableTask } = options.config;
    this.engine = new DurableEngine({
      functions: options.functions,
      store: this.store,
      clock: options.clock,
      log: options.log,
      maxConcurrentActivities: durableTask.maxConcurrentActivityFunctions,
      maxConcurrentOrchestrations: durableTask.maxConcurrentOrchestratorFunctions,
      runEpisode,
      runActivity,
    });
    if (options.clock instanceof VirtualClock) options.clock.addIdleCheck(() => this.engine.idle());
  }

  /** Supplies the `durableClient` input binding. */
  inputProviders(): Record<string, InputProvider> {
    const value = (): { string: string } => ({ string: JSON.stringify(clientBinding(this.options)) });
    return { durableclient: value, orchestrationclient: value };
  }

  attach(invoker: Invoker): void {
    this.engine.invoker = invoker;
  }

  /** Resumes persisted instances. */
  async start(): Promise<void> {
    this.engine.recover();
  }

  async stop(): Promise<void> {
    await this.engine.stop();
    this.store.close();
  }

  /** Starts an orchestration; rejects if the function is unknown or the id is in use by a running instance. */
  async startNew(name: string, options: StartOptions = {}): Promise<string> {
    const fn = [...this.options.functions.values()].find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!fn || fn.trigger.type.toLowerCase() !== "orchestrationtrigger") {
      throw new Error(`The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`);
    }
    const instanceId = options.instanceId ?? randomUUID().replace(/-/g, "");
    const input = options.input === undefined ? null : JSON.stringify(options.input);
    return this.engine.startNew(fn.name, instanceId, input);
  }

  /** Queues an external event. */
  async raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<OperationResult> {
    return this.#operate(instanceId, () => {
      const input = data === undefined ? null : JSON.stringify(data);
      this.engine.enqueue(
        instanceId,
        event(EventType.EventRaised, this.options.clock.now(), { Name: eventName, Input: input }),
      );
    });
  }

  async terminate(instanceId: string, reason: string): Promise<OperationResult> {
    return this.#operate(instanceId, () => this.#control(instanceId, EventType.ExecutionTerminated, reason));
  }

  async suspend(instanceId: string, reason: string): Promise<OperationResult> {
    return this.#operate(instanceId, () => this.#control(instanceId, EventType.ExecutionSuspended, reason));
  }

  async resume(instanceId: string, reason: string): Promise<OperationResult> {
    return this.#operate(instanceId, () => this.#control(instanceId, EventType.ExecutionResumed, reason));
  }

  /** Deletes a finished instance and its history; false when there is none (or it is still running). */
  purge(instanceId: string): boolean {
    const instance = this.engine.instances.get(instanceId);
    if (!instance || !isTerminal(instance.row.status)) return false;
    this.store.commit({ deleteInstance: [instanceId] });
    this.engine.instances.delete(instanceId);
    return true;
  }

  /** The status of one instance, or undefined. */
  getStatus(
    instanceId: string,
    options: { showHistory?: boolean; showInput?: boolean } = {},
  ): DurableStatus | undefined {
    const instance = this.engine.instances.get(instanceId);
    if (!instance) return undefined;
    const { row } = instance;
    const status: DurableStatus = {
      name: row.name,
      instanceId: row.id,
      runtimeStatus: row.status,
      input: options.showInput === false ? null : parse(row.input),
      customStatus: parse(row.customStatus),
      output: parse(row.output),
      createdTime: wireTime(row.created),
      lastUpdatedTime: wireTime(row.updated),
    };
    if (options.showHistory) {
      status.historyEvents = isTerminal(row.status) ? this.store.loadHistory(row.id) : instance.history;
    }
    return status;
  }

  /** Statuses of every instance (the HTTP API filters them). */
  listStatuses(): DurableStatus[] {
    return [...this.engine.instances.keys()].map((id) => this.getStatus(id) as DurableStatus);
  }

  /** Resolves with the final status once the instance is Completed, Failed or Terminated. */
  async waitForCompletion(instanceId: string, timeoutInMs: number): Promise<DurableStatus> {
    if (!this.engine.instances.has(instanceId)) throw new Error(`No orchestration instance '${instanceId}'`);
    const finished = await this.engine.waitForTerminal(instanceId, timeoutInMs);
    const status = this.getStatus(instanceId) as DurableStatus;
    if (!finished)
      throw new Error(`Orchestration '${instanceId}' is still ${status.runtimeStatus} after ${timeoutInMs} ms`);
    return status;
  }

  #control(instanceId: string, type: number, reason: string): void {
    const fields = type === EventType.ExecutionTerminated ? { Input: reason } : { Reason: reason };
    this.engine.enqueue(instanceId, event(type, this.options.clock.now(), fields));
  }

  #operate(instanceId: string, action: () => void): OperationResult {
    const instance = this.engine.instances.get(instanceId);
    if (!instance) return "notFound";
    if (isTerminal(instance.row.status)) return "gone";
    action();
    return "accepted";
  }
}

function parse(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

/** The extension's timestamp format: `yyyy-MM-ddTHH:mm:ssZ`. */
export function wireTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
