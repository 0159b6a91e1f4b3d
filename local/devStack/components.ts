// The local components every stack starts the same way: `npm start`'s consortium (and the soak and the pipeline
// benchmark through it), the one-bank end-to-end stack and the distribution benchmark. The Key Vault stand-in with
// the banks' signing keys, the registry deployed with the banks as founding members, the Service Bus emulator with
// the banks' queues (in this process, or as a child process whose CPU a benchmark measures apart), and a bank's host
// running the compiled app with its settings. Anvil and Azurite start through local/anvil.ts and local/azurite.ts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ContractFactory, JsonRpcProvider, Wallet } from "ethers";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";
import type { QueuePropertiesJson, ServiceBusConfigFile } from "@creditlink/servicebus-emulator/config";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { creditRegistryAbi, creditRegistryBytecode } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { KeyVaultSigner } from "../../lib/adapters/keyvault/keyVaultSigner.js";
import { APP_ROOT } from "../buildApp.js";
import { startHostProcess, type HostProcess } from "../hostProcess.js";
import { bankSettings, serviceBusConfig, signingKeyName, type BankSettingsInput } from "./bankSettings.js";

/** The Key Vault stand-in holding one signing key per bank, and each bank's signing address. */
export async function startSigningVault(
  banks: readonly string[],
  options: { dataDir?: string } = {},
): Promise<{ vault: KeyVaultStandIn; addresses: Map<string, string> }> {
  const vault = await startKeyVaultStandIn({ dataDir: options.dataDir, keys: banks.map(signingKeyName) });
  try {
    const addresses = await Promise.all(
      banks.map(async (bank) => {
        const signer = await KeyVaultSigner.create({
          vaultUrl: vault.vaultUrl,
          keyName: signingKeyName(bank),
          credential: vault.credential,
          clientOptions: vault.clientOptions,
        });
        return [bank, signer.address] as const;
      }),
    );
    return { vault, addresses: new Map(addresses) };
  } catch (error) {
    await vault.stop();
    throw error;
  }
}

/** Deploys the CreditRegistry with `members` as founding members (free gas, a throwaway deployer); its address. */
export async function deployRegistry(rpcUrl: string, chainId: number, members: readonly string[]): Promise<string> {
  const provider = new JsonRpcProvider(rpcUrl, chainId, {
    staticNetwork: true,
    batchMaxCount: 1,
    pollingInterval: 200,
  });
  try {
    const deployer = new Wallet(Wallet.createRandom().privateKey, provider);
    const factory = new ContractFactory(creditRegistryAbi, creditRegistryBytecode, deployer);
    const contract = await factory.deploy(members, { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
    await contract.waitForDeployment();
    return await contract.getAddress();
  } finally {
    provider.destroy();
  }
}

/** Where and how the Service Bus emulator keeps the banks' queues. */
export interface BankServiceBusOptions {
  /** Queue properties replacing the banks' (e.g. a shorter lock for tests). */
  queueOverrides?: Partial<QueuePropertiesJson>;
  /** Keep every message in a journal here (a restart on the same directory keeps them). */
  dataDir?: string;
  port?: number;
  inspectionPort?: number;
}

/** The Service Bus emulator in this process, declaring each bank's inbound, results and delivery queues. */
export function startBankServiceBus(
  banks: readonly string[],
  options: BankServiceBusOptions = {},
): Promise<ServiceBusEmulator> {
  return startServiceBusEmulator({
    config: serviceBusConfig(banks, options.queueOverrides),
    dataDir: options.dataDir,
    port: options.port,
    inspectionPort: options.inspectionPort,
  });
}

/** The emulator as a child process declaring `config`'s entities (a benchmark measures its CPU apart). */
export async function startServiceBusProcess(
  config: ServiceBusConfigFile,
): Promise<RunningProcess & { connectionString: string }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "servicebus-")), "servicebus.json");
  writeFileSync(file, JSON.stringify(config));
  const cli = fileURLToPath(import.meta.resolve("@creditlink/servicebus-emulator/cli"));
  const args = ["--import", "tsx", cli, "--port", "0", "--config", file];
  const started = await startProcess(process.execPath, args, { readyPattern: /^(Endpoint=\S+)$/ });
  return { ...started.process, connectionString: started.match[1] ?? "" };
}

/** What a bank's host is started with. */
export interface BankHostOptions {
  settings: BankSettingsInput;
  /** App settings replaced, or removed (undefined), after the bank's defaults. */
  overrides?: Readonly<Record<string, string | undefined>>;
  /** Durable state and timer status; a restart on the same directory resumes. */
  dataDir: string;
  /** 0 (default) picks a free port; a restart passes the first one so the bank's URL stays valid. */
  port?: number;
  onLine?: (line: string) => void;
}

/** A bank's host stand-in running the compiled app, with the bank's settings. */
export function startBankHost(options: BankHostOptions): Promise<HostProcess> {
  const settings = bankSettings(options.settings);
  for (const [name, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) delete settings[name];
    else settings[name] = value;
  }
  return startHostProcess({
    appDir: APP_ROOT,
    port: options.port,
    dataDir: options.dataDir,
    settings,
    onLine: options.onLine,
  });
}
