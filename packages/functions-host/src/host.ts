// Composes the host stand-in for one app folder: settings and host.json, the core module and app load, the function
// index, the invoker with its bindings, the HTTP server (functions, admin and durable endpoints), timers, Durable
// Functions and Service Bus triggers. `startHost` is the single entry point used by the CLI and the test harness.
import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { loadApp } from "./appLoader.js";
import { RealClock, VirtualClock, type Clock } from "./clock.js";
import type { RpcLogLevel } from "./coreTypes.js";
import { handleDurableHttp } from "./durable/httpApi.js";
import { DurableRuntime } from "./durable/runtime.js";
import { indexFunctions, type FunctionEntry } from "./functionIndex.js";
import { HttpKeys } from "./httpKeys.js";
import { HttpTriggerRouter } from "./httpTrigger.js";
import { Invoker } from "./invoker.js";
import { consoleSink, type LogSink } from "./logger.js";
import { ServiceBusTriggers } from "./serviceBus/triggers.js";
import { loadAppSettings, loadHostConfig, type HostConfig } from "./settings.js";
import { bodyLimitInBytes, parseRequestUrl, readBody } from "./requestBody.js";
import { TimerTriggers } from "./timerTrigger.js";

/** Options for {@link startHost}. */
export interface HostOptions {
  /** The app folder (holds package.json, host.json, local.settings.json). */
  appDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 7071. */
  port?: number;
  /** Where durable state and timer status persist; omitted means in memory. */
  dataDir?: string;
  /** App settings that override the environment and local.settings.json. */
  settings?: Record<string, string>;
  /** Default: the real clock. Pass a `VirtualClock` to fast-forward timers. */
  clock?: Clock;
  /** Default: print to the console at `logLevel`. */
  log?: LogSink;
  logLevel?: RpcLogLevel;
  /** Log an "Executing/Executed" line per invocation. Default true. */
  logInvocations?: boolean;
}

/** A running host. */
export interface RunningHost {
  readonly url: string;
  readonly port: number;
  readonly config: HostConfig;
  readonly settings: Readonly<Record<string, string>>;
  readonly functions: ReadonlyMap<string, FunctionEntry>;
  /** Functions that could not be indexed, with the reason (the host runs the rest). */
  readonly functionErrors: ReadonlyMap<string, string>;
  readonly invoker: Invoker;
  readonly clock: Clock;
  readonly timers: TimerTriggers;
  readonly durable: DurableRuntime;
  readonly serviceBus: ServiceBusTriggers;
  stop(): Promise<void>;
}

/** Loads the app in `options.appDir` and starts serving it. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const appDir = resolve(options.appDir);
  const settings = loadAppSettings(appDir, { ...process.env, ...options.settings });
  const restoreEnvironment = exportSettings(settings);
  const config = loadHostConfig(appDir, settings);
  const log = options.log ?? consoleSink(options.logLevel ?? "information");
  const clock = options.clock ?? new RealClock();
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const registrations = await loadApp(appDir);
  registrations.systemLog = (level, category, message) => log({ time: new Date(), level, category, message });
  const index = indexFunctions(registrations, settings);
  for (const [name, reason] of index.errors) {
    log({
      time: new Date(),
      level: "error",
      category: "host",
      message: `The '${name}' function is in error: ${reason}`,
    });
  }
  const functions = index.functions;
  const server = createServer();
  await listen(server, options.port ?? 7071);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  process.env.WEBSITE_HOSTNAME = `localhost:${port}`;

  const keys = new HttpKeys(settings);
  const durable = new DurableRuntime({ functions, config, clock, log, dataDir, baseUrl: url, keys });
  const serviceBus = new ServiceBusTriggers({ functions, config, settings, log });
  const invoker = new Invoker({
    registrations,
    functionTimeoutInMs: config.functionTimeoutInMs,
    log,
    logInvocations: options.logInvocations,
    inputProviders: { ...durable.inputProviders() },
    outputHandlers: { ...serviceBus.outputHandlers() },
  });
  durable.attach(invoker);
  serviceBus.attach(invoker);
  const router = new HttpTriggerRouter(functions.values(), config.routePrefix, keys, invoker);
  router.streamProxyUri = registrations.httpStreamUri;
  const timers = new TimerTriggers(functions.values(), invoker, clock, log, dataDir);
  if (clock instanceof VirtualClock) clock.addIdleCheck(() => timers.idle());
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void dispatch(req, res).catch((error: unknown) => {
      // A malformed percent-encoding in the path is the client's mistake, as in the Functions host.
      if (error instanceof URIError && !res.headersSent) return void res.writeHead(400).end();
      log({ time: new Date(), level: "error", category: "host", message: `Request failed: ${String(error)}` });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const bodyLimit = bodyLimitInBytes(settings);
  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = parseRequestUrl(req, port);
    if (!requestUrl) return void res.writeHead(400, { connection: "close" }).end();
    const body = await readBody(req, bodyLimit);
    if (body === "too-large") {
      const error = { error: `the request body is larger than the limit of ${bodyLimit} bytes` };
      return json(res, 413, error);
    }
    if (await router.handle(req, res, requestUrl, body)) return;
    if (await handleDurableHttp(durable, req, res, requestUrl, body)) return;
    const admin = /^\/admin\/functions\/([^/]+)$/i.exec(requestUrl.pathname);
    if (admin && req.method === "POST") return adminInvoke(decodeURIComponent(admin[1] as string), req, res, body);
    if (requestUrl.pathname === "/admin/host/status") return json(res, 200, { state: "Running", version: "4.1040.0" });
    if (requestUrl.pathname === "/")
      return void res.writeHead(200, { "content-type": "text/plain" }).end("Your Functions 4.0 app is up and running");
    res.writeHead(404).end();
  }

  function adminInvoke(name: string, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const key = req.headers["x-functions-key"];
    if (!keys.authorize("admin", name, Array.isArray(key) ? key[0] : key)) return void res.writeHead(401).end();
    const fn = [...functions.values()].find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!fn || fn.trigger.type.toLowerCase() === "httptrigger") return void res.writeHead(404).end();
    const parsed = body.length > 0 ? (JSON.parse(body.toString("utf8")) as { input?: unknown }) : {};
    res.writeHead(202).end();
    const isTimer = fn.trigger.type.toLowerCase() === "timertrigger";
    const triggerData = isTimer
      ? { json: JSON.stringify({ Schedule: { AdjustForDST: true }, ScheduleStatus: null, IsPastDue: false }) }
      : { string: typeof parsed.input === "string" ? parsed.input : JSON.stringify(parsed.input ?? null) };
    invoker
      .invoke(fn, { triggerData, reason: "This function was programmatically called via the host APIs." })
      .catch(() => undefined);
  }

  await invoker.runAppHook("appStart", appDir);
  await durable.start();
  timers.start();
  await serviceBus.start();
  log({ time: new Date(), level: "information", category: "host", message: banner(url, router, functions) });

  return {
    url,
    port,
    config,
    settings,
    functions,
    functionErrors: index.errors,
    invoker,
    clock,
    timers,
    durable,
    serviceBus,
    async stop() {
      await timers.stop();
      await serviceBus.stop();
      await durable.stop();
      await invoker.runAppHook("appTerminate", appDir).catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      restoreEnvironment();
    },
  };
}

/**
 * Makes app settings visible to app code through process.env, as the host does, and returns how to undo it (hosts
 * started one after another in one process must not inherit each other's settings).
 */
function exportSettings(settings: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  const track = (key: string): void => {
    if (!previous.has(key)) previous.set(key, process.env[key]);
  };
  for (const [key, value] of Object.entries(settings)) {
    track(key);
    process.env[key] = value;
  }
  for (const key of ["NO_PROXY", "no_proxy", "WEBSITE_HOSTNAME"]) track(key);
  // The durable client uses axios, which would send loopback calls through an HTTP proxy.
  const noProxy = (process.env.NO_PROXY ?? process.env.no_proxy ?? "").split(",").filter((s) => s !== "");
  for (const host of ["127.0.0.1", "localhost"]) if (!noProxy.includes(host)) noProxy.push(host);
  process.env.NO_PROXY = process.env.no_proxy = noProxy.join(",");
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", fail);
      done();
    });
  });
}

/** Writes a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));
}

function banner(url: string, router: HttpTriggerRouter, functions: ReadonlyMap<string, FunctionEntry>): string {
  const lines = ["Functions:"];
  const http = new Map(router.describe().map((r) => [r.name, r]));
  for (const fn of functions.values()) {
    const route = http.get(fn.name);
    lines.push(
      route ? `  ${fn.name}: [${route.methods.join(",")}] ${url}${route.url}` : `  ${fn.name}: ${fn.trigger.type}`,
    );
  }
  lines.push(`Host started on ${url}`);
  return lines.join("\n");
}
