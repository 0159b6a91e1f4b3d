// One bank's full local stack for end-to-end tests: the real app (compiled functions/) in a host stand-in child
// process, the Service Bus emulator, the Key Vault stand-in holding the signing key, Azurite (from the global
// setup) and its own anvil with 1-second blocks and the CreditRegistry deployed with the bank as a member.
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreditRegistryLedger } from "../../lib/adapters/creditRegistryLedger.js";
import { KeyVaultSigner } from "../../lib/adapters/keyVaultSigner.js";
import { RpcPool } from "../../lib/adapters/rpcPool.js";
import type { UpdateResult } from "../../lib/ports.js";
import { startAnvil, type Anvil } from "../../local/anvil.js";
import { APP_ROOT } from "../../local/buildApp.js";
import { startHostProcess, type HostProcess } from "../../local/hostProcess.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "../../local/keyvault/keyVaultStandIn.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "../../local/servicebus/emulator.js";
import { testStack } from "../stack.js";
import { deployRegistry, freshWallet, testProvider } from "../support/chain.js";
import { startTcpProxy, type TcpProxy } from "../support/tcpProxy.js";

const root = APP_ROOT;

const queue = (name: string, properties: Record<string, unknown> = {}) => ({
  Name: name,
  Properties: {
    MaxDeliveryCount: 10,
    LockDuration: "PT10S",
    RequiresDuplicateDetection: true,
    DuplicateDetectionHistoryTimeWindow: "PT10M",
    ...properties,
  },
});

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
  logs: string[];
  /** Every result received so far, by updateId. */
  results: Map<string, UpdateResult[]>;
  restartHost(): Promise<void>;
  send(bodies: { body: unknown; messageId?: string }[]): Promise<void>;
  /** Resolves once `done(results)` holds, polling every 100 ms up to `timeoutInMs`. */
  waitFor(done: (results: Map<string, UpdateResult[]>) => boolean, timeoutInMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a bank stack with the real app. */
export async function startBankStack(): Promise<BankStack> {
  const [anvil, keyVault, serviceBus] = await Promise.all([
    startAnvil({ blockTimeInSeconds: 1 }),
    startKeyVaultStandIn({ keys: ["bank-a-signer"] }),
    startServiceBusEmulator({
      config: {
        UserConfig: {
          Namespaces: [
            {
              Name: "sbemulatorns",
              Queues: [queue("bank-a-inbound"), queue("bank-a-results"), queue("bank-a-delivery")],
              Topics: [],
            },
          ],
        },
      },
    }),
  ]);
  const signer = await KeyVaultSigner.create({
    vaultUrl: keyVault.vaultUrl,
    keyName: "bank-a-signer",
    credential: keyVault.credential,
    clientOptions: keyVault.clientOptions,
  });
  const provider = testProvider(anvil.rpcUrl);
  const contractAddress = await deployRegistry(freshWallet(provider), [signer.address]);
  provider.destroy();
  const rpcProxy = await startTcpProxy(anvil.rpcUrl);
  const pool = new RpcPool({ urls: [anvil.rpcUrl], chainId: 31337n, timeoutInMs: 5_000 });
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "creditlink-e2e-"));
  const settings: Record<string, string> = {
    ...keyVault.env,
    FUNCTIONS_WORKER_RUNTIME: "node",
    AzureWebJobsStorage: testStack().storageConnectionString,
    STORAGE_TABLE_PREFIX: `e2e${Date.now().toString(36)}`,
    DURABLE_TASK_HUB: "banka",
    ServiceBusConnection: serviceBus.connectionString,
    SERVICEBUS_INBOUND_QUEUE: "bank-a-inbound",
    SERVICEBUS_RESULTS_QUEUE: "bank-a-results",
    SERVICEBUS_DELIVERY_QUEUE: "bank-a-delivery",
    CHAIN_RPC_URLS: rpcProxy.url,
    CHAIN_ID: "31337",
    CHAIN_CONTRACT_ADDRESS: contractAddress,
    CHAIN_BLOCK_TIME_MS: "1000",
    CHAIN_RPC_TIMEOUT_MS: "2000",
    SIGNER_KIND: "keyvault",
    KEYVAULT_URL: keyVault.vaultUrl,
    KEYVAULT_SIGNING_KEY_NAME: "bank-a-signer",
    KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION: "true",
    CONSORTIUM_SUBJECT_KEY: "0x" + "42".repeat(32),
    FUNCTIONS_MASTER_KEY: "e2e-admin-key",
    SCORE_MIN: "300",
    SCORE_MAX: "850",
    LOG_LEVEL: "info",
    WEBHOOK_ALLOW_HTTP: "true",
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
    WEBHOOK_RETRY_SCALE: "0.001",
    WEBHOOK_ATTEMPT_TIMEOUT_MS: "2000",
    RECONCILIATION_SCHEDULE: "0 0 0 1 1 *",
    RETENTION_SCHEDULE: "0 0 0 1 1 *",
  };
  const logs: string[] = [];
  const startHost = () => startHostProcess({ appDir: root, dataDir, settings, onLine: (line) => logs.push(line) });
  const client = new ServiceBusClient(serviceBus.connectionString);
  const results = new Map<string, UpdateResult[]>();
  const receiver = client.createReceiver("bank-a-results", { receiveMode: "receiveAndDelete" });
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
    address: signer.address,
    contractAddress,
    ledger,
    host: await startHost(),
    adminKey: "e2e-admin-key",
    subjectKeySecret: new Uint8Array(32).fill(0x42),
    logs,
    results,
    async restartHost() {
      await stack.host.kill();
      stack.host = await startHost();
    },
    async send(bodies) {
      const sender = client.createSender("bank-a-inbound");
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
