// `npm run keyvault -- [--port N] [--identity-port N] [--data-dir D] [--key NAME]... [--latency-ms N]`: runs the
// Key Vault stand-in until interrupted and prints the settings a process needs to use it (as shell exports).
import { parseArgs } from "node:util";
import { startKeyVaultStandIn } from "./keyVaultStandIn.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "identity-port": { type: "string", default: "0" },
    "data-dir": { type: "string" },
    key: { type: "string", multiple: true, default: [] },
    "latency-ms": { type: "string", default: "0" },
  },
});

const standIn = await startKeyVaultStandIn({
  port: Number(values.port),
  identityPort: Number(values["identity-port"]),
  ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
  keys: values.key,
  latencyInMs: Number(values["latency-ms"]),
});
for (const [name, value] of Object.entries(standIn.env)) console.log(`export ${name}=${value}`);
console.log(`Key Vault stand-in listening on ${standIn.vaultUrl}`);

const stop = (): void => {
  void standIn.stop().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
