// The in-process test harness: start a host on a free loopback port with a virtual clock and captured logs, call it
// over real HTTP, invoke or fire functions, drive orchestrations, send Service Bus messages (optionally to an
// emulator the harness starts), advance time, stop.
//
//   const h = await startTestHost({ appDir: "test/fixtures/hostApp" });
//   const res = await h.fetch("/api/hello/ada");
//   const id = await h.durable.start("approval", { input: { amount: 5 } });
//   await h.advance("1d");
//   await h.durable.raise(id, "approved", true);
//   const status = await h.durable.waitFor(id);
//   await h.stop();
import { startServiceBusEmulator, type StartServiceBusEmulatorOptions } from "@creditlink/servicebus-emulator/emulator";
import { RealClock, VirtualClock, parseDuration } from "./clock.js";
import type { DurableStatus, OperationResult, StartOptions } from "./durable/runtime.js";
import { startHost, type HostOptions, type RunningHost } from "./host.js";
import { formatRecord, type LogRecord } from "./logger.js";
import type { SendOptions } from "./serviceBus/triggers.js";

export type { SendOptions } from "./serviceBus/triggers.js";

/** Options for {@link startTestHost}. */
export interface TestHostOptions extends Omit<HostOptions, "port" | "clock" | "log"> {
  /** Default true: timers and durable timers only move when {@link TestHost.advance} is called. */
  virtualClock?: boolean;
  /** Start time of the virtual clock. Default: now. */
  startTime?: Date;
  /** Print logs as they happen (also enabled by HOST_TEST_LOGS=1). Logs are always kept in `logs`. */
  printLogs?: boolean;
  /**
   * Starts a local Service Bus emulator with these entities (a Config.json document, as the official emulator
   * takes) and points the `serviceBusConnection` setting at it; it stops with the host.
   */
  serviceBusEmulator?: StartServiceBusEmulatorOptions["config"];
  /** App setting that receives the emulator's connection string. Default `ServiceBusConnection`. */
  serviceBusConnection?: string;
}

/** A host started for a test. */
export interface TestHost {
  /** Base URL, e.g. `http://127.0.0.1:53127`. */
  readonly url: string;
  readonly host: RunningHost;
  /** Every log record so far (host, system and user). */
  readonly logs: LogRecord[];
  /** `fetch` relative to the host URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Invokes any function by name with `input` as its trigger value and resolves with its decoded return value. */
  invoke(functionName: string, input: unknown): Promise<unknown>;
  /** Runs a timer-triggered function now and waits for it. */
  fireTimer(functionName: string): Promise<void>;
  /** Moves the virtual clock forward (`"90s"`, `"2h"`, `"3d"` or ms), firing due timers on the way. */
  advance(duration: string | number): Promise<void>;
  /** Sends a message to a Service Bus queue or topic through the app's connection (real SDK). */
  sendToQueue(entity: string, body: unknown, options?: SendOptions): Promise<void>;
  readonly durable: {
    start(name: string, options?: StartOptions): Promise<string>;
    raise(instanceId: string, eventName: string, data?: unknown): Promise<void>;
    status(instanceId: string): DurableStatus | undefined;
    /** Resolves once the instance is Completed, Failed or Terminated (real time, default 10 s). */
    waitFor(instanceId: string, options?: { timeoutInMs?: number }): Promise<DurableStatus>;
    terminate(instanceId: string, reason?: string): Promise<void>;
    suspend(instanceId: string, reason?: string): Promise<void>;
    resume(instanceId: string, reason?: string): Promise<void>;
    purge(instanceId: string): boolean;
  };
  stop(): Promise<void>;
}

/** Starts the app in `options.appDir` for a test. */
export async function startTestHost(options: TestHostOptions): Promise<TestHost> {
  const logs: LogRecord[] = [];
  const print = options.printLogs ?? process.env.HOST_TEST_LOGS === "1";
  const clock = options.virtualClock === false ? new RealClock() : new VirtualClock(options.startTime ?? Date.now());
  const emulator = options.serviceBusEmulator
    ? await startServiceBusEmulator({ port: 0, config: options.serviceBusEmulator })
    : undefined;
  const settings = { ...options.settings };
  if (emulator) settings[options.serviceBusConnection ?? "ServiceBusConnection"] = emulator.connectionString;
  const host = await startHost({
    ...options,
    settings,
    port: 0,
    clock,
    log: (record) => {
      logs.push(record);
      if (print) console.log(formatRecord(record));
    },
  });
  const { durable } = host;
  return {
    url: host.url,
    host,
    logs,
    fetch: (path, init) => fetch(new URL(path, host.url), init),
    async invoke(functionName, input) {
      const fn = host.functions.get(functionName);
      if (!fn) throw new Error(`No function named '${functionName}'`);
      const response = await host.invoker.invoke(fn, { triggerData: { json: JSON.stringify(input ?? null) } });
      const value = response.returnValue;
      if (typeof value?.json === "string") return JSON.parse(value.json) as unknown;
      return value?.string ?? value?.int ?? value?.double ?? (value?.bytes ? Buffer.from(value.bytes) : undefined);
    },
    fireTimer: (name) => host.timers.fire(name),
    async advance(duration) {
      if (!(clock instanceof VirtualClock)) throw new Error("advance() needs the virtual clock");
      await clock.advance(parseDuration(duration));
    },
    sendToQueue: (entity, body, sendOptions) => host.serviceBus.send(entity, body, sendOptions),
    durable: {
      start: (name, startOptions) => durable.startNew(name, startOptions),
      raise: async (id, eventName, data) => accepted(id, await durable.raiseEvent(id, eventName, data)),
      status: (id) => durable.getStatus(id),
      waitFor: (id, waitOptions) => durable.waitForCompletion(id, waitOptions?.timeoutInMs ?? 10_000),
      terminate: async (id, reason) => accepted(id, await durable.terminate(id, reason ?? "")),
      suspend: async (id, reason) => accepted(id, await durable.suspend(id, reason ?? "")),
      resume: async (id, reason) => accepted(id, await durable.resume(id, reason ?? "")),
      purge: (id) => durable.purge(id),
    },
    async stop() {
      await host.stop();
      await emulator?.stop();
    },
  };
}

function accepted(instanceId: string, result: OperationResult): void {
  if (result === "notFound") throw new Error(`No orchestration instance '${instanceId}'`);
  if (result === "gone") throw new Error(`Orchestration '${instanceId}' has already finished`);
}
