// The `npm run host -- <appDir> [--port N] [--data-dir D] [--log-level L]` command: runs any v4 Node app folder
// with the host stand-in until interrupted, persisting durable state in the data directory (default
// `<appDir>/.localhost`).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { RpcLogLevel } from "./coreTypes.js";
import { startHost } from "./host.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "7071" },
    "data-dir": { type: "string" },
    "log-level": { type: "string", default: "information" },
  },
});

const appDir = resolve(positionals[0] ?? ".");
const host = await startHost({
  appDir,
  port: Number(values.port),
  dataDir: values["data-dir"] ?? join(appDir, ".localhost"),
  logLevel: values["log-level"] as RpcLogLevel,
});

// Stray promise rejections and exceptions from app code are logged; they never take the host down.
for (const event of ["unhandledRejection", "uncaughtException"] as const) {
  process.on(event, (error: unknown) => {
    console.error(
      `[host] ${event} in app code: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  });
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void host.stop().then(() => process.exit(0));
  });
}
