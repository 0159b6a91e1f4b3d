// Keeps the local consortium's processes running as the Functions platform keeps a Function App's: a process that
// exits without being asked to is started again after a back-off that doubles from 1 s to 30 s and resets once the
// process has stayed up for a minute. `bounce` stops one on purpose (a crash test, a fault) and starts it again.
import type { RunningProcess } from "@creditlink/child-process/childProcess";

/** What the status line shows for a supervised component. */
export type ComponentState = "up" | "restarting" | "down";

/** One supervised component as the status line and the soak read it. */
export interface ComponentStatus {
  name: string;
  state: ComponentState;
  /** Restarts so far, after a crash or a bounce. */
  restarts: number;
  /** The current instance's process id, for a child process. */
  pid?: number;
}

/** Something that can be stopped, started again, and may die on its own (a child process). */
export interface Supervised<T> {
  readonly name: string;
  current(): T;
  status(): ComponentStatus;
  /** Stops it (SIGKILL: no clean-up, like a crash) and starts it again after `downForMs`. */
  bounce(options: { kill: boolean; downForMs?: number }): Promise<void>;
  /** Stops it for good (no restart). */
  stop(): Promise<void>;
}

/** Options of {@link supervise}. */
export interface SuperviseOptions<T> {
  name: string;
  first: T;
  /** Starts a new instance on the same ports and state as the one before. */
  start: () => Promise<T>;
  /** Ends an instance: `kill` = SIGKILL, otherwise a clean stop. */
  end: (instance: T, kill: boolean) => Promise<void>;
  /** Resolves when the instance exits on its own; never for an in-process component. */
  exited: (instance: T) => Promise<string>;
  /** Whether the instance is still running (a process killed by a signal has no exit code, only a signal). */
  alive?: (instance: T) => boolean;
  /** The instance's process id (a child process). */
  pid?: (instance: T) => number | undefined;
  /** Told about every exit and restart (a log line). */
  onEvent?: (line: string) => void;
  /** Called with each new instance (the consortium keeps its maps current). */
  onStarted?: (instance: T) => void;
}

const FIRST_BACKOFF_IN_MS = 1_000;
const MAX_BACKOFF_IN_MS = 30_000;
const STABLE_AFTER_IN_MS = 60_000;

/** Watches `first` and restarts it with back-off whenever it exits unasked. */
export function supervise<T>(options: SuperviseOptions<T>): Supervised<T> {
  let instance = options.first;
  let state: ComponentState = "up";
  let restarts = 0;
  let intended = false;
  let stopped = false;
  let backoffInMs = FIRST_BACKOFF_IN_MS;
  let startedAt = Date.now();
  const say = (line: string) => options.onEvent?.(`${new Date().toISOString()} supervisor: ${options.name} ${line}`);
  const started = (next: T) => {
    instance = next;
    state = "up";
    restarts++;
    startedAt = Date.now();
    options.onStarted?.(next);
    watch(next);
  };
  const restartAfterCrash = async (): Promise<void> => {
    state = "restarting";
    if (Date.now() - startedAt >= STABLE_AFTER_IN_MS) backoffInMs = FIRST_BACKOFF_IN_MS;
    for (;;) {
      say(`restarting in ${backoffInMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, backoffInMs));
      backoffInMs = Math.min(backoffInMs * 2, MAX_BACKOFF_IN_MS);
      if (stopped || intended) return;
      try {
        started(await options.start());
        say("restarted");
        return;
      } catch (error) {
        say(`could not restart: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      }
    }
  };
  const watch = (watched: T) => {
    void options.exited(watched).then((how) => {
      if (stopped || intended || watched !== instance) return;
      say(`exited unexpectedly (${how})`);
      void restartAfterCrash();
    });
  };
  watch(instance);
  return {
    name: options.name,
    current: () => instance,
    // An instance that died is never "up", even before its exit has been handled.
    status: () => ({
      name: options.name,
      state: state === "up" && options.alive?.(instance) === false ? "down" : state,
      restarts,
      ...(options.pid?.(instance) === undefined ? {} : { pid: options.pid(instance) }),
    }),
    bounce: async ({ kill, downForMs = 0 }) => {
      intended = true;
      try {
        state = "down";
        await options.end(instance, kill);
        say(kill ? "killed (SIGKILL)" : "stopped");
        await new Promise((resolve) => setTimeout(resolve, downForMs));
        started(await options.start());
        say("started again");
      } finally {
        intended = false;
      }
    },
    stop: async () => {
      stopped = true;
      state = "down";
      await options.end(instance, false);
    },
  };
}

/** Whether a child process is still running: neither an exit code nor a terminating signal. */
export function processAlive(running: RunningProcess): boolean {
  return running.child.exitCode === null && running.child.signalCode === null;
}

/** The `exited`, `alive` and `end` of a child process, for {@link supervise}. */
export const childProcessLifecycle = {
  alive: processAlive,
  pid: (running: RunningProcess): number | undefined => running.child.pid,
  exited: (running: RunningProcess): Promise<string> =>
    new Promise((resolve) => {
      const { child } = running;
      if (child.exitCode !== null || child.signalCode !== null) resolve(String(child.signalCode ?? child.exitCode));
      else child.once("exit", (code, signal) => resolve(String(signal ?? code)));
    }),
  end: (running: RunningProcess, kill: boolean): Promise<void> => {
    if (!kill) return running.stop();
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  },
};
