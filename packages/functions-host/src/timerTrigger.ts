// Timer-triggered functions: each schedule armed on the host clock, one run at a time per function (the next
// occurrence is armed when a run ends), `runOnStartup`, and `isPastDue` for occurrences missed while the host was
// down, using the last schedule status persisted in the data directory. Function-level retry policies apply.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CancelTimer, Clock } from "./clock.js";
import type { FunctionEntry } from "./functionIndex.js";
import type { Invoker } from "./invoker.js";
import type { LogSink } from "./logger.js";
import { parseSchedule, type Schedule } from "./ncrontab.js";
import { invokeWithRetry } from "./retryPolicy.js";

interface ScheduleStatus {
  last: number;
  next: number;
  lastUpdated: number;
}

interface TimerState {
  fn: FunctionEntry;
  schedule: Schedule;
  cancel?: CancelTimer | undefined;
  running?: Promise<void> | undefined;
  /** The invocation in progress (not a wait between retries). */
  attempt?: Promise<unknown> | undefined;
  next: number;
}

/** Runs timer-triggered functions on their schedules. */
export class TimerTriggers {
  readonly #timers = new Map<string, TimerState>();
  readonly #statusFile: string | undefined;
  #status: Record<string, ScheduleStatus> = {};
  #stopped = false;

  constructor(
    functions: Iterable<FunctionEntry>,
    private readonly invoker: Invoker,
    private readonly clock: Clock,
    private readonly log: LogSink,
    dataDir: string | undefined,
  ) {
    this.#statusFile = dataDir ? join(dataDir, "timer-status.json") : undefined;
    if (this.#statusFile && existsSync(this.#statusFile)) {
      this.#status = JSON.parse(readFileSync(this.#statusFile, "utf8")) as Record<string, ScheduleStatus>;
    }
    for (const fn of functions) {
      if (fn.trigger.type.toLowerCase() !== "timertrigger") continue;
      const schedule = parseSchedule(String(fn.trigger.schedule));
      this.#timers.set(fn.name.toLowerCase(), { fn, schedule, next: schedule.next(clock.now()) });
    }
  }

  /** Arms every schedule; runs `runOnStartup` functions and past-due occurrences at once. */
  start(): void {
    for (const state of this.#timers.values()) {
      const stored = this.#status[state.fn.name];
      if (stored && stored.next <= this.clock.now()) void this.#run(state, stored.next, true);
      else if (state.fn.trigger.runOnStartup === true) void this.#run(state, this.clock.now(), false);
      else this.#arm(state);
    }
  }

  /** Runs a timer function now, after any run in progress; resolves when it finished (errors are logged). */
  async fire(name: string): Promise<void> {
    const state = this.#timers.get(name.toLowerCase());
    if (!state) throw new Error(`No timer-triggered function named '${name}'`);
    while (state.running) await state.running;
    await this.#run(state, this.clock.now(), false);
  }

  /** Resolves once no timer function is running (used by the virtual clock). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.#timers.values()].map((s) => s.attempt).filter((r) => r !== undefined);
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  /** Names of the timer functions with their next occurrence. */
  describe(): { name: string; schedule: string; next: Date }[] {
    return [...this.#timers.values()].map((s) => ({
      name: s.fn.name,
      schedule: s.schedule.text,
      next: new Date(s.next),
    }));
  }

  /** Cancels every armed schedule and waits for runs in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const state of this.#timers.values()) state.cancel?.();
    await Promise.allSettled([...this.#timers.values()].map((s) => s.running));
  }

  #arm(state: TimerState): void {
    if (this.#stopped) return;
    state.cancel?.();
    state.next = state.schedule.next(this.clock.now());
    const previous = this.#status[state.fn.name];
    this.#status[state.fn.name] = { last: previous?.last ?? 0, next: state.next, lastUpdated: this.clock.now() };
    this.#save();
    state.cancel = this.clock.at(state.next, () => {
      if (state.running) return;
      void this.#run(state, state.next, false);
    });
  }

  #save(): void {
    if (this.#statusFile && !this.#stopped) writeFileSync(this.#statusFile, JSON.stringify(this.#status, null, 2));
  }

  #run(state: TimerState, scheduledAt: number, isPastDue: boolean): Promise<void> {
    state.cancel?.();
    const previous = this.#status[state.fn.name];
    const next = state.schedule.next(Math.max(this.clock.now(), scheduledAt));
    const timer = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus:
        previous && previous.last > 0
          ? { Last: iso(previous.last), Next: iso(next), LastUpdated: iso(previous.lastUpdated) }
          : null,
      IsPastDue: isPastDue,
    };
    const request = { triggerData: { json: JSON.stringify(timer) }, reason: `Timer fired at ${iso(this.clock.now())}` };
    const onAttempt = (attempt: Promise<unknown>): void => {
      state.attempt = attempt;
      const clear = (): void => {
        if (state.attempt === attempt) state.attempt = undefined;
      };
      attempt.then(clear, clear);
    };
    const run = invokeWithRetry(this.invoker, this.clock, state.fn, request, onAttempt)
      .then(
        () => undefined,
        (error: unknown) => {
          this.log({
            time: new Date(),
            level: "error",
            category: "host",
            functionName: state.fn.name,
            message: `Timer run failed: ${error instanceof Error ? error.message : String(error)}`,
          });
        },
      )
      .finally(() => {
        state.running = undefined;
        this.#status[state.fn.name] = { last: scheduledAt, next: 0, lastUpdated: this.clock.now() };
        this.#arm(state);
      });
    state.running = run;
    return run;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
