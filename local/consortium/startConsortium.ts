// Brings up a whole local consortium: anvil (the chain), Azurite, the Service Bus emulator, the Key Vault
// stand-in with one signing key per bank, the CreditRegistry with every bank as a founding member, and one host
// stand-in process per bank running the compiled app. State lives under `stateDir`, so a restart resumes. Hosts,
// anvil, Azurite and the Service Bus emulator are supervised: one that dies is started again (see supervisor.ts).
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Anvil } from "../anvil.js";
import { startHostileChain, type HostileChain } from "../chainProxy/hostileChain.js";
import type { Azurite } from "../azurite.js";
import { buildApp } from "../buildApp.js";
import type { HostProcess } from "../hostProcess.js";
import type { KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import type { ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { bankQueues, roleKey } from "../devStack/bankSettings.js";
import { deployRegistry, startBankHost, startSigningVault } from "../devStack/components.js";
import type { ConsortiumFile } from "./consortiumFile.js";
import { startPartnerReceivers, type PartnerReceivers } from "./partnerReceivers.js";
import { startSharedComponents } from "./sharedComponents.js";
import { childProcessLifecycle, supervise, type ComponentStatus, type Supervised } from "./supervisor.js";

/** Options for {@link startConsortium}. */
export interface ConsortiumOptions {
  /** Holds state/ and logs/; `consortium.json` is written here. */
  localDir: string;
  banks: readonly string[];
  blockTimeInSeconds: number;
  gasLimit: number;
  /** Forget all state first. */
  fresh: boolean;
  chainId?: number;
  /** Put the hosts behind hostile endpoints (lagging, flapping, hanging; Besu's error texts) in front of anvil. */
  hostileChain?: boolean;
  /** Where Azurite keeps its tables; "memory" for long soaks (see storageBehindProxies.ts). Default "disk". */
  storage?: "disk" | "memory";
  /** Progress messages for the person at the terminal. */
  say?: (message: string) => void;
  /** App settings that override every bank's defaults (the soak shortens schedules with them). */
  settings?: Readonly<Record<string, string>>;
}

/** A running consortium. */
export interface RunningConsortium {
  readonly file: ConsortiumFile;
  readonly hosts: Map<string, HostProcess>;
  /** The shared components (the benchmark reads their counters and processes). */
  readonly components: { anvil: Anvil; azurite: Azurite; serviceBus: ServiceBusEmulator; keyVault: KeyVaultStandIn };
  /** Each bank's partner receiver (subscribed to the other banks' records). */
  readonly receivers: PartnerReceivers;
  /** The hostile endpoints in front of anvil, with `hostileChain`. */
  readonly hostileChain: HostileChain | null;
  /** Kills a bank's host (SIGKILL, like a crash) and starts it again on the same state. */
  restartHost(bank: string): Promise<void>;
  /** Where Azurite keeps its tables. */
  readonly storage: "disk" | "memory";
  /**
   * Stops Azurite or the Service Bus emulator cleanly and starts it again on the same ports after `downForMs`
   * (in-memory storage: an outage of its proxies instead, state kept).
   */
  restartComponent(name: "azurite" | "servicebus", downForMs: number): Promise<void>;
  /** Every supervised component (hosts, anvil, Azurite, Service Bus) with its state and restarts. */
  supervision(): ComponentStatus[];
  stop(): Promise<void>;
}

interface Deployment {
  contractAddress: string;
  subjectKey: string;
  adminKeys: Record<string, string>;
}

/** Starts every component and returns once each bank's host is up. */
export async function startConsortium(options: ConsortiumOptions): Promise<RunningConsortium> {
  const say = options.say ?? (() => {});
  const stateDir = path.join(options.localDir, "state");
  const logDir = path.join(options.localDir, "logs");
  if (options.fresh) for (const dir of [stateDir, logDir]) rmSync(dir, { recursive: true, force: true });
  for (const dir of [stateDir, logDir]) mkdirSync(dir, { recursive: true });
  const logs = new Map<string, WriteStream>();
  const logTo = (name: string) => {
    const stream = createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" });
    logs.set(name, stream);
    return (line: string) => stream.write(`${line}\n`);
  };
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => {});
    for (const stream of logs.values()) stream.end();
  };
  try {
    say("building the app (tsc)…");
    buildApp();
    const chainId = options.chainId ?? 31337;
    say("starting anvil, Azurite, the Service Bus emulator and the Key Vault stand-in…");
    const [shared, { vault: keyVault, addresses }] = await Promise.all([
      startSharedComponents({ ...options, stateDir, chainId, logTo }),
      startSigningVault(options.banks, { dataDir: path.join(stateDir, "keyvault") }),
    ]);
    stoppers.push(
      () => shared.anvil.stop(),
      () => shared.azurite.stop(),
      () => shared.serviceBus.stop(),
      () => keyVault.stop(),
    );
    const anvil = shared.anvil.current();
    const azurite = shared.azurite.current();
    const serviceBus = shared.serviceBus.current();
    const hostile = options.hostileChain ? await startHostileChain(anvil.rpcUrl) : null;
    if (hostile) stoppers.push(() => hostile.close());
    const deployment = await deployOnce(stateDir, anvil, chainId, addresses, options.banks, say);
    const hosts = new Map<string, HostProcess>();
    const supervisedHosts = new Map<string, Supervised<HostProcess>>();
    stoppers.push(async () => {
      await Promise.all([...supervisedHosts.values()].map((h) => h.stop()));
    });
    say(`starting ${options.banks.length} bank hosts…`);
    await Promise.all(
      options.banks.map(async (bank, index) => {
        const settings = {
          bank,
          index,
          rpcUrl: hostile ? hostile.urls.join(",") : anvil.rpcUrl,
          chainId,
          contractAddress: deployment.contractAddress,
          blockTimeInMs: options.blockTimeInSeconds * 1000,
          serviceBusConnectionString: serviceBus.connectionString,
          storageConnectionString: azurite.connectionString,
          keyVaultEnv: keyVault.env,
          vaultUrl: keyVault.vaultUrl,
          adminKey: deployment.adminKeys[bank] ?? "",
          subjectKey: deployment.subjectKey,
          members: addresses,
        };
        const dataDir = path.join(stateDir, "hosts", bank);
        const onLine = logTo(bank);
        const start = (port = 0) => startBankHost({ settings, overrides: options.settings, dataDir, port, onLine });
        const first = await start();
        hosts.set(bank, first);
        // Same port on every restart, so consortium.json and the partners' view of this bank stay valid.
        const port = Number(new URL(first.url).port);
        const supervised = supervise({
          name: bank,
          first,
          start: () => start(port),
          ...childProcessLifecycle,
          onEvent: logTo("supervisor"),
          onStarted: (host) => hosts.set(bank, host),
        });
        supervisedHosts.set(bank, supervised);
      }),
    );
    const file: ConsortiumFile = {
      chain: {
        rpcUrl: anvil.rpcUrl,
        chainId,
        contractAddress: deployment.contractAddress,
        blockTimeInSeconds: options.blockTimeInSeconds,
        gasLimit: options.gasLimit,
      },
      serviceBus: { connectionString: serviceBus.connectionString, inspectionUrl: serviceBus.inspectionUrl },
      storage: { connectionString: azurite.connectionString },
      keyVault: { vaultUrl: keyVault.vaultUrl },
      banks: options.banks.map((name) => ({
        name,
        address: addresses.get(name) ?? "",
        inboundQueue: bankQueues(name).inbound,
        resultsQueue: bankQueues(name).results,
        deliveryQueue: bankQueues(name).delivery,
        hostUrl: hosts.get(name)?.url ?? "",
        adminKey: deployment.adminKeys[name] ?? "",
        operatorKey: roleKey(deployment.adminKeys[name] ?? "", "operator"),
        readerKey: roleKey(deployment.adminKeys[name] ?? "", "reader"),
        logFile: path.join(logDir, `${name}.log`),
      })),
      startedAt: new Date().toISOString(),
    };
    say("subscribing each bank's partner receiver to the other banks' records…");
    const receivers = await startPartnerReceivers(file, stateDir, logTo);
    stoppers.push(() => receivers.stop());
    writeFileSync(path.join(options.localDir, "consortium.json"), JSON.stringify(file, null, 2) + "\n");
    const restartHost = async (bank: string): Promise<void> => {
      const supervised = supervisedHosts.get(bank);
      if (!supervised) throw new Error(`no bank ${bank}`);
      await supervised.bounce({ kill: true });
    };
    const restartComponent = async (name: "azurite" | "servicebus", downForMs: number): Promise<void> => {
      await (name === "azurite" ? shared.azurite : shared.serviceBus).bounce({ kill: false, downForMs });
    };
    const components = {
      get anvil() {
        return shared.anvil.current();
      },
      get azurite() {
        return shared.azurite.current();
      },
      get serviceBus() {
        return shared.serviceBus.current();
      },
      keyVault,
    };
    const supervision = () =>
      [...supervisedHosts.values(), shared.anvil, shared.azurite, shared.serviceBus].map((c) => c.status());
    return {
      file,
      hosts,
      components,
      receivers,
      hostileChain: hostile,
      restartHost,
      storage: options.storage ?? "disk",
      restartComponent,
      supervision,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Deploys the registry on the first start and remembers it (and the consortium's generated secrets). */
async function deployOnce(
  stateDir: string,
  anvil: Anvil,
  chainId: number,
  addresses: Map<string, string>,
  banks: readonly string[],
  say: (message: string) => void,
): Promise<Deployment> {
  const file = path.join(stateDir, "deployment.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Deployment;
  say("deploying the CreditRegistry…");
  const members = banks.map((bank) => addresses.get(bank) ?? "");
  const contractAddress = await deployRegistry(anvil.rpcUrl, chainId, members);
  const deployment: Deployment = {
    contractAddress,
    subjectKey: "0x" + randomBytes(32).toString("hex"),
    adminKeys: Object.fromEntries(banks.map((bank) => [bank, randomBytes(24).toString("base64url")])),
  };
  writeFileSync(file, JSON.stringify(deployment, null, 2) + "\n");
  return deployment;
}
