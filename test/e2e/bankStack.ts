// One bank's full local stack for end-to-end tests: the real app (compiled functions/) in a host stand-in child
// process, the Service Bus emulator, the Key Vault stand-in holding the signing key, Azurite (from the global
// setup) and its own anvil with 1-second blocks and the CreditRegistry deployed with the bank as a member.
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import type { UpdateResult } from "../../lib/ports/submission.js";
import { startAnvil, type Anvil } from "../../local/anvil.js";
import { bankQueues } from "../../local/devStack/bankSettings.js";
import {
  deployRegistry,
  startBankHost,
  startBankServiceBus,
  startSigningVault,
} from "../../local/devStack/components.js";
import type { HostProcess } from "../../local/hostProcess.js";
import type { KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import type { ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { testStack } from "../stack.js";
import { startTcpProxy, type TcpProxy } from "../../local/tcpProxy.js";

const BANK = "bank-a";
const queues = bankQueues(BANK);
const ADMIN_KEY = "e2e-admin-key";

/** A running bank stack. */
export interface BankStack {
  anvil: Anvil;
  rpcProxy: TcpProxy;
  serviceBus: ServiceBusEmulator;
  keyVault: KeyVaultStandIn;
  client: ServiceBusClient;
  address: string;
  contractAddress: string;
  /** The registry read straight from anvil (not through the bank's proxy), for assertions. */
  ledger: CreditRegistryLedger;
  host: HostProcess;
  /** The host's master key (`x-functions-key`). */
  adminKey: string;
  /** The consortium subject-key secret the bank runs with. */
  subjectKeySecret: Uint8Array;
  /** The Table storage connection and table-name prefix the bank runs with (to scan what it stores). */
  storage: { connectionString: string; tablePrefix: string };
  logs: string[];
  /** Every result received so far, by updateId. */
  results: Map<string, UpdateResult[]>;
  restartHost(): Promise<void>;
  send(bodies: { body: unknown; messageId?: string }[]): Promise<void>;
  /** Resolves once `done(results)` holds, polling every 100 ms up to `timeoutInMs`. */
  waitFor(done: (results: Map<string, UpdateResult[]>) => boolean, timeoutInMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link startBankStack}. */
export interface BankStackOptions {
  /** Other banks' addresses, founding members of the registry beside this bank. */
  otherMembers?: readonly string[];
  /** App settings replaced, or removed (undefined). */
  settings?: Record<string, string | undefined>;
}

/** Starts a bank stack with the real app. */
export async function startBankStack(options: BankStackOptions = {}): Promise<BankStack> {
  const [anvil, { vault: keyVault, addresses }, serviceBus] = await Promise.all([
    startAnvil({ blockTimeInSeconds: 1 }),
    startSigningVault([BANK]),
    startBankServiceBus([BANK], { queueOverrides: { LockDuration: "PT10S" } }),
  ]);
  const address = addresses.get(BANK) ?? "";
  const contractAddress = await deployRegistry(anvil.rpcUrl, 31337, [address, ...(options.otherMembers ?? [])]);
  const rpcProxy = await startTcpProxy(anvil.rpcUrl);
  const pool = new RpcPool({ urls: [anvil.rpcUrl], chainId: 31337n, timeoutInMs: 5_000 });
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "creditlink-e2e-"));
  // Removed at stop, unless a timeout left the host's log in it.
  let keepDataDir = false;
  const tablePrefix = `e2e${Date.now().toString(36)}`;
  const settings = {
    bank: BANK,
    index: 0,
    rpcUrl: rpcProxy.url,
    chainId: 31337,
    contractAddress,
    blockTimeInMs: 1000,
    serviceBusConnectionString: serviceBus.connectionString,
    storageConnectionString: testStack().storageConnectionString,
    keyVaultEnv: keyVault.env,
    vaultUrl: keyVault.vaultUrl,
    adminKey: ADMIN_KEY,
    subjectKey: "0x" + "42".repeat(32),
  };
  const overrides: Record<string, string | undefined> = {
    // A table prefix of its own per run (the global Azurite is shared), and faster failures and retries.
    STORAGE_TABLE_PREFIX: tablePrefix,
    CHAIN_RPC_TIMEOUT_MS: "2000",
    // A read-only key and an operator key beside the admin (master) key.
    FUNCTIONS_HOST_KEY: "e2e-reader-key",
    FUNCTIONS_OPERATOR_KEY: "e2e-operator-key",
    WEBHOOK_RETRY_SCALE: "0.001",
    WEBHOOK_ATTEMPT_TIMEOUT_MS: "2000",
    RECONCILIATION_SCHEDULE: "0 0 0 1 1 *",
    HEALTH_CACHE_SECONDS: "1",
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(1024 * 1024),
    RETENTION_SCHEDULE: "0 0 0 1 1 *",
    ...options.settings,
  };
  const logs: string[] = [];
  const startHost = () => startBankHost({ settings, overrides, dataDir, onLine: (line) => logs.push(line) });
  const client = new ServiceBusClient(serviceBus.connectionString);
  const results = new Map<string, UpdateResult[]>();
  const receiver = client.createReceiver(queues.results, { receiveMode: "receiveAndDelete" });
  receiver.subscribe({
    processMessage: async (message: ServiceBusReceivedMessage) => {
      const result = message.body as UpdateResult;
      results.set(result.updateId, [...(results.get(result.updateId) ?? []), result]);
    },
    processError: async () => {},
  });
  const stack: BankStack = {
    anvil,
    rpcProxy,
    serviceBus,
    keyVault,
    client,
    address,
    contractAddress,
    ledger,
    host: await startHost(),
    adminKey: ADMIN_KEY,
    subjectKeySecret: new Uint8Array(32).fill(0x42),
    storage: { connectionString: testStack().storageConnectionString, tablePrefix },
    logs,
    results,
    async restartHost() {
      await stack.host.kill();
      stack.host = await startHost();
    },
    async send(bodies) {
      const sender = client.createSender(queues.inbound);
      await sender.sendMessages(
        bodies.map(({ body, messageId }) => ({ body, messageId, contentType: "application/json" })),
      );
      await sender.close();
    },
    async waitFor(done, timeoutInMs = 60_000) {
      const deadline = Date.now() + timeoutInMs;
      while (!done(results)) {
        if (Date.now() > deadline) {
          const file = path.join(dataDir, "host.log");
          writeFileSync(file, logs.join("\n"));
          keepDataDir = true;
          const queues = await (await fetch(`${serviceBus.inspectionUrl}/queues`)).text();
          const got = [...results.keys()].length;
          throw new Error(`timed out with results for ${got} updates; queues ${queues}; host log in ${file}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      pool.destroy();
      await stack.host.stop();
      await receiver.close();
      await client.close();
      await Promise.all([serviceBus.stop(), keyVault.stop(), anvil.stop(), rpcProxy.close()]);
      if (!keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** The final (non-accepted) statuses received, by updateId. */
export function finalStatuses(results: Map<string, UpdateResult[]>): Map<string, string[]> {
  const finals = new Map<string, string[]>();
  for (const [updateId, list] of results) {
    const statuses = list.filter((r) => r.status !== "accepted").map((r) => r.status);
    if (statuses.length > 0) finals.set(updateId, statuses);
  }
  return finals;
}
