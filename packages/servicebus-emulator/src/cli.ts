// Command line: `npm run servicebus -- [--port 5672] [--config <Config.json>] [--host H]
// [--data-dir .local/servicebus] [--inspection-port N] [--key-name N --key K]`; the config defaults to the
// package's config.example.json. Prints the connection string and the inspection URL, then runs until interrupted.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadConfigFile } from "./config.js";
import { startServiceBusEmulator } from "./emulator.js";
import { DEFAULT_SHARED_ACCESS_KEY } from "./sas.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "5672" },
    host: { type: "string", default: "127.0.0.1" },
    config: { type: "string", default: fileURLToPath(new URL("../config.example.json", import.meta.url)) },
    "data-dir": { type: "string" },
    "inspection-port": { type: "string", default: "0" },
    "key-name": { type: "string", default: DEFAULT_SHARED_ACCESS_KEY.name },
    key: { type: "string", default: DEFAULT_SHARED_ACCESS_KEY.key },
  },
});

const port = Number(values.port);
const inspectionPort = Number(values["inspection-port"]);
if (!Number.isInteger(port) || port < 0 || !Number.isInteger(inspectionPort) || inspectionPort < 0) {
  console.error("--port and --inspection-port must be non-negative integers");
  process.exit(2);
}

try {
  const config = loadConfigFile(values.config);
  for (const warning of config.warnings) console.error(`warning: ${warning}`);
  const emulator = await startServiceBusEmulator({
    port,
    host: values.host,
    config,
    dataDir: values["data-dir"],
    inspectionPort,
    sharedAccessKeys: [{ name: values["key-name"], key: values.key }],
  });
  console.log(emulator.connectionString);
  console.error(`inspection: ${emulator.inspectionUrl}/queues`);
  const shutdown = () => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
