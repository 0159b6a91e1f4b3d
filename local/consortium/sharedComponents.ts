// The consortium's shared components under supervision: anvil and Azurite (child processes, restarted after a crash
// on the same port and state) and the Service Bus emulator (in this process, so it cannot die alone; it can be
// stopped and started again on the same ports and SQLite journal, which keeps every message).
import path from "node:path";
import { startAnvil, type Anvil } from "../anvil.js";
import { startAzurite, type Azurite } from "../azurite.js";
import type { ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { startBankServiceBus } from "../devStack/components.js";
import { behindOutageProxies } from "./storageBehindProxies.js";
import { childProcessLifecycle, supervise, type Supervised } from "./supervisor.js";

/** What the shared components are started with. */
export interface SharedComponentOptions {
  stateDir: string;
  banks: readonly string[];
  blockTimeInSeconds: number;
  gasLimit: number;
  chainId: number;
  logTo: (name: string) => (line: string) => void;
  /** "memory": Azurite keeps its tables in memory behind outage proxies (see storageBehindProxies.ts). */
  storage?: "disk" | "memory";
}

/** Heap of an in-memory Azurite: a 30-minute soak at 100/s holds about 2 GB of rows. */
const IN_MEMORY_HEAP_IN_MB = 12_288;

/** The supervised shared components. */
export interface SharedComponents {
  anvil: Supervised<Anvil>;
  azurite: Supervised<Azurite>;
  serviceBus: Supervised<ServiceBusEmulator>;
}

/** Starts anvil, Azurite and the Service Bus emulator, each under a supervisor. */
export async function startSharedComponents(options: SharedComponentOptions): Promise<SharedComponents> {
  const { stateDir, logTo } = options;
  const supervisorLog = logTo("supervisor");
  const anvilStart = (port = 0) =>
    startAnvil({
      port,
      blockTimeInSeconds: options.blockTimeInSeconds,
      gasLimit: options.gasLimit,
      chainId: options.chainId,
      stateFile: path.join(stateDir, "chain.json"),
      onLine: logTo("anvil"),
    });
  const inMemory = options.storage === "memory";
  const azuriteStart = (ports?: Azurite["ports"]) =>
    startAzurite({
      ...(inMemory ? { heapInMb: IN_MEMORY_HEAP_IN_MB } : { location: path.join(stateDir, "azurite") }),
      onLine: logTo("azurite"),
      ports,
    });
  const serviceBusStart = (port = 0, inspectionPort = 0) =>
    startBankServiceBus(options.banks, { dataDir: path.join(stateDir, "servicebus"), port, inspectionPort });
  const [anvil, azurite, serviceBus] = await Promise.all([anvilStart(), azuriteStart(), serviceBusStart()]);
  const inspectionPort = Number(new URL(serviceBus.inspectionUrl).port);
  const supervisedAzurite = supervise({
    name: "azurite",
    first: azurite,
    start: () => azuriteStart(azurite.ports),
    ...childProcessLifecycle,
    onEvent: supervisorLog,
  });
  return {
    anvil: supervise({
      name: "anvil",
      first: anvil,
      start: () => anvilStart(anvil.port),
      ...childProcessLifecycle,
      onEvent: supervisorLog,
    }),
    azurite: inMemory ? await behindOutageProxies(supervisedAzurite) : supervisedAzurite,
    serviceBus: supervise({
      name: "servicebus",
      first: serviceBus,
      start: () => serviceBusStart(serviceBus.port, inspectionPort),
      end: (emulator) => emulator.stop(),
      exited: () => new Promise<string>(() => {}),
      onEvent: supervisorLog,
    }),
  };
}
