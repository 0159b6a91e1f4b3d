// The in-process API: `startServiceBusEmulator` starts the AMQP endpoint (and the loopback inspection
// endpoint) on free ports and returns the connection string for the unmodified @azure/service-bus SDK.
import type { AddressInfo, Server, Socket } from "node:net";
import rhea, { type EventContext } from "rhea";
import { Broker } from "./broker.js";
import { loadConfigFile, parseConfig, type EmulatorConfig, type ServiceBusConfigFile } from "./config.js";
import { connectionStateOf } from "./connectionState.js";
import { guarded } from "./guard.js";
import { startInspection } from "./inspection.js";
import { onReceiverOpen, onSenderOpen, type RouterDeps } from "./linkRouter.js";
import { installRawCapture } from "./rheaInternals.js";
import { DEFAULT_SHARED_ACCESS_KEY, type SharedAccessKey } from "./sas.js";
import { openSqliteJournal, type SqliteJournal } from "./sqliteJournal.js";

/** Options of {@link startServiceBusEmulator}. */
export interface StartServiceBusEmulatorOptions {
  /** AMQP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Entities: a Config.json document (official emulator shape), its path, or an already parsed config. */
  config: ServiceBusConfigFile | EmulatorConfig | string;
  /** When given, messages are kept in `<dataDir>/servicebus.db` and survive a restart; in memory otherwise. */
  dataDir?: string;
  /** Accepted SAS keys; default the official emulator's `RootManageSharedAccessKey` / `SAS_KEY_VALUE`. */
  sharedAccessKeys?: SharedAccessKey[];
  /** Port of the loopback HTTP inspection endpoint; 0 (default) picks a free one. */
  inspectionPort?: number;
}

/** A running emulator. */
export interface ServiceBusEmulator {
  /** `Endpoint=sb://127.0.0.1:<port>;SharedAccessKeyName=…;SharedAccessKey=…;UseDevelopmentEmulator=true`. */
  connectionString: string;
  port: number;
  /** Base URL of the inspection endpoint (`GET /queues`, `GET /queues/<name>/deadletter`). */
  inspectionUrl: string;
  /** Stops accepting connections, closes clients and flushes persistence. */
  stop(): Promise<void>;
}

function toConfig(config: StartServiceBusEmulatorOptions["config"]): EmulatorConfig {
  if (typeof config === "string") return loadConfigFile(config);
  if ("queues" in config && config.queues instanceof Map) return config;
  return parseConfig(config);
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    if (server.listening) resolve((server.address() as AddressInfo).port);
    server.once("listening", () => resolve((server.address() as AddressInfo).port));
    server.once("error", reject);
  });
}

/**
 * rhea writes every AMQP frame with its own `socket.write`; corking until the end of the tick sends all the
 * frames of one processing pass (transfers, dispositions, flows) in a single writev.
 */
function coalesceWrites(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  }) as Socket["write"];
}

/** Starts a Service Bus emulator. */
export async function startServiceBusEmulator(options: StartServiceBusEmulatorOptions): Promise<ServiceBusEmulator> {
  installRawCapture();
  const config = toConfig(options.config);
  const keys = options.sharedAccessKeys ?? [DEFAULT_SHARED_ACCESS_KEY];
  const host = options.host ?? "127.0.0.1";
  const journal: SqliteJournal | undefined = options.dataDir ? openSqliteJournal(options.dataDir) : undefined;
  const broker = new Broker(config, journal);
  journal?.restore(broker);
  broker.start();
  const deps: RouterDeps = { broker, keys };
  const container = rhea.create_container({ id: `servicebus-emulator-${config.namespace}` });
  container.on(
    "receiver_open",
    guarded("attach", (ctx) => onReceiverOpen(deps, ctx)),
  );
  container.on(
    "sender_open",
    guarded("attach", (ctx) => onSenderOpen(deps, ctx)),
  );
  const dropConnection = (ctx: EventContext) => connectionStateOf(ctx.connection).close();
  container.on("disconnected", guarded("disconnect", dropConnection));
  container.on("connection_close", guarded("close", dropConnection));
  container.on("error", (e: unknown) => console.error(`[servicebus-emulator] ${String(e)}`));
  const server = container.listen({
    port: options.port ?? 0,
    host,
    session_buffer_size: { outgoing: 1 << 15, incoming: 2048 },
    sender_options: { treat_modified_as_released: false },
    receiver_options: { autoaccept: false, credit_window: 1000 },
  } as unknown as Parameters<typeof container.listen>[0]) as unknown as Server;
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    coalesceWrites(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const port = await listening(server);
  const inspection = await startInspection(broker, options.inspectionPort ?? 0);
  const key = keys[0] ?? DEFAULT_SHARED_ACCESS_KEY;
  const connectHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    connectionString: `Endpoint=sb://${connectHost}:${port};SharedAccessKeyName=${key.name};SharedAccessKey=${key.key};UseDevelopmentEmulator=true`,
    port,
    inspectionUrl: inspection.url,
    async stop() {
      broker.stop();
      await inspection.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      journal?.close();
    },
  };
}
