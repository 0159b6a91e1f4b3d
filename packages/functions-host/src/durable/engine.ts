// The durable backend: instances in memory, written through to SQLite one transaction per episode. It schedules
// episodes (replaying history through the app's orchestrator function), runs activities at least once, fires durable
// timers from the inbox on the host clock, and carries sub-orchestration results, suspend/resume/terminate and
// continue-as-new. After a restart, `recover` resumes every in-flight instance from the store.
import type { CancelTimer, Clock } from "../clock.js";
import type { FunctionEntry } from "../functionIndex.js";
import type { Invoker } from "../invoker.js";
import type { LogSink } from "../logger.js";
import type { ExecState } from "./episode.js";
import type { HistoryEvent } from "./history.js";
import { isTerminal, newInstance, type Instance } from "./instance.js";
import { Waiters } from "./waiters.js";
import type { DurableStore, InboxItem, InstanceRow, WorkItem } from "./store.js";

/** Options for {@link DurableEngine}. */
export interface EngineOptions {
  functions: ReadonlyMap<string, FunctionEntry>;
  store: DurableStore;
  clock: Clock;
  log: LogSink;
  maxConcurrentActivities: number;
  maxConcurrentOrchestrations: number;
  /** Runs one episode; false when nothing could be delivered (see episodeRunner.ts). */
  runEpisode: (engine: DurableEngine, instance: Instance) => Promise<boolean>;
  /** Runs one activity and records its result (see activityRunner.ts). */
  runActivity: (engine: DurableEngine, item: WorkItem) => Promise<void>;
}

/** Schedules and persists orchestrations and activities. */
export class DurableEngine {
  readonly options: EngineOptions;
  invoker: Invoker | undefined;
  readonly instances = new Map<string, Instance>();
  readonly #ready = new Set<string>();
  readonly #busy = new Set<string>();
  readonly #work: WorkItem[] = [];
  #activeWork = 0;
  #pumpScheduled = false;
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #timers = new Set<CancelTimer>();
  readonly #waiters = new Waiters();
  readonly #idleWaiters: (() => void)[] = [];
  stopped = false;

  constructor(options: EngineOptions) {
    this.options = options;
  }

  /** Loads every instance, pending event and work item from the store and resumes them. */
  recover(): void {
    const { store } = this.options;
    for (const row of store.allInstances()) {
      // Finished instances never replay again; their history stays in the store until someone asks for it.
      const history = isTerminal(row.status) ? [] : store.loadHistory(row.id);
      this.instances.set(row.id, {
        row,
        history,
        historyJson: history.map((e) => JSON.stringify(e)).join(","),
        exec: JSON.parse(row.state) as ExecState,
        inbox: [],
      });
    }
    for (const item of store.loadInbox()) this.#addInbox(item);
    for (const item of store.loadWork()) this.#work.push(item);
    this.#pump();
  }

  /** Creates (or restarts a finished) instance; resolves with its id. */
  startNew(name: string, instanceId: string, input: string | null, parent?: InstanceRow["parent"]): string {
    const existing = this.instances.get(instanceId);
    if (existing && !isTerminal(existing.row.status)) {
      throw new Error(`An instance with ID '${instanceId}' already exists and is ${existing.row.status}`);
    }
    const { commit, instance } = newInstance(this.options.clock.now(), name, instanceId, input, parent ?? null);
    this.apply(this.options.store.commit(commit), [instance]);
    return instanceId;
  }

  /** Queues an event for an instance (external events, control operations). */
  enqueue(instanceId: string, ev: HistoryEvent, visibleAt = this.options.clock.now()): void {
    const result = this.options.store.commit({ addInbox: [{ instanceId, executionId: null, event: ev, visibleAt }] });
    this.apply(result, []);
  }

  /** Registers new instances and the inbox and work items a commit created, and wakes what they concern. */
  apply(result: { inbox: InboxItem[]; work: WorkItem[] }, created: Instance[]): void {
    for (const instance of created) {
      this.instances.set(instance.row.id, instance);
    }
    for (const item of result.inbox) this.#addInbox(item);
    for (const item of result.work) this.#work.push(item);
    this.#schedulePump();
  }

  /** Removes consumed inbox items from memory. */
  consumed(instance: Instance, seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    const gone = new Set(seqs);
    instance.inbox = instance.inbox.filter((item) => !gone.has(item.seq));
  }

  /** Resolves `waitFor` callers once the instance reached a terminal state. */
  notifyChanged(instanceId: string): void {
    const instance = this.instances.get(instanceId);
    if (!instance || !isTerminal(instance.row.status)) return;
    instance.history = [];
    instance.historyJson = "";
    this.#waiters.release(instanceId);
  }

  /** Resolves when the instance is terminal or `timeoutInMs` (real time) passed; returns whether it finished. */
  waitForTerminal(instanceId: string, timeoutInMs: number): Promise<boolean> {
    const instance = this.instances.get(instanceId);
    if (instance && isTerminal(instance.row.status)) return Promise.resolve(true);
    return this.#waiters.wait(instanceId, timeoutInMs);
  }

  /** Resolves once no episode or activity is running or ready (used by the virtual clock). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops scheduling, cancels timers and waits (briefly) for running work; nothing unfinished is committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.#timers) cancel();
    const grace = new Promise((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([Promise.allSettled([...this.#inflight]), grace]);
  }

  #isIdle(): boolean {
    const now = this.options.clock.now();
    const readyNow = [...this.#ready].some((id) => this.#hasVisible(id, now) && !this.#busy.has(id));
    return !readyNow && this.#busy.size === 0 && this.#work.length === 0 && this.#activeWork === 0;
  }

  #addInbox(item: InboxItem): void {
    const instance = this.instances.get(item.instanceId);
    if (!instance) return;
    instance.inbox.push(item);
    const now = this.options.clock.now();
    if (item.visibleAt <= now) this.#ready.add(item.instanceId);
    else {
      const cancel = this.options.clock.at(item.visibleAt, () => {
        this.#timers.delete(cancel);
        this.#ready.add(item.instanceId);
        this.#schedulePump();
      });
      this.#timers.add(cancel);
    }
  }

  #hasVisible(instanceId: string, now: number): boolean {
    return this.instances.get(instanceId)?.inbox.some((item) => item.visibleAt <= now) ?? false;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled || this.stopped) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #track(work: Promise<unknown>): void {
    this.#inflight.add(work);
    void work.finally(() => {
      this.#inflight.delete(work);
      this.#schedulePump();
    });
  }

  #pump(): void {
    if (this.stopped || !this.invoker) return;
    const { maxConcurrentOrchestrations, maxConcurrentActivities, clock } = this.options;
    const now = clock.now();
    for (const id of [...this.#ready]) {
      if (this.#busy.size >= maxConcurrentOrchestrations) break;
      if (this.#busy.has(id)) continue;
      this.#ready.delete(id);
      const instance = this.instances.get(id);
      if (!instance || !this.#hasVisible(id, now)) continue;
      this.#busy.add(id);
      this.#track(
        this.options
          .runEpisode(this, instance)
          .catch((error: unknown) => {
            this.#logError(`Episode of '${id}' failed: ${String(error)}`);
            return false;
          })
          .then((progressed) => {
            this.#busy.delete(id);
            if (progressed && this.#hasVisible(id, clock.now())) this.#ready.add(id);
          }),
      );
    }
    while (this.#activeWork < maxConcurrentActivities && this.#work.length > 0) {
      const item = this.#work.shift() as WorkItem;
      this.#activeWork++;
      this.#track(
        this.options
          .runActivity(this, item)
          .catch((error: unknown) => this.#logError(`Activity '${item.name}' failed to record: ${String(error)}`))
          .finally(() => this.#activeWork--),
      );
    }
    if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #logError(message: string): void {
    this.options.log({ time: new Date(), level: "error", category: "host", message });
  }
}
