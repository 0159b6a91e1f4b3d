// Starts the real local components once per test run (anvil in automine mode, Azurite in memory) on free
// loopback ports, publishes their addresses to the test workers through the environment (see test/stack.ts),
// and stops them afterwards.
import { startAnvil, type Anvil } from "../local/anvil.js";
import { startAzurite, type Azurite } from "../local/azurite.js";
import { STACK_ENV } from "./stack.js";

let anvil: Anvil | undefined;
let azurite: Azurite | undefined;

export async function setup(): Promise<void> {
  [anvil, azurite] = await Promise.all([startAnvil({ blockTimeInSeconds: 0 }), startAzurite()]);
  process.env[STACK_ENV.anvilRpcUrl] = anvil.rpcUrl;
  process.env[STACK_ENV.storageConnectionString] = azurite.connectionString;
}

export async function teardown(): Promise<void> {
  await Promise.all([anvil?.stop(), azurite?.stop()]);
}
