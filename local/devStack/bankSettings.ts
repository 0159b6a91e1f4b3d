// The app settings each bank's host stand-in runs with: the same names a Function App has in Azure, pointed at
// the local components, so the code that runs locally is the code that runs in Azure; and the bank's queues as the
// Service Bus emulator declares them. The one place the local consortium, the e2e tests and the benchmarks take
// bank settings and queue properties from.
import { createHmac } from "node:crypto";
import type { QueuePropertiesJson, ServiceBusConfigFile } from "@creditlink/servicebus-emulator/config";

/** What the settings are built from. */
export interface BankSettingsInput {
  bank: string;
  index: number;
  rpcUrl: string;
  chainId: number;
  contractAddress: string;
  blockTimeInMs: number;
  serviceBusConnectionString: string;
  storageConnectionString: string;
  keyVaultEnv: Readonly<Record<string, string>>;
  vaultUrl: string;
  adminKey: string;
  subjectKey: string;
  /** The consortium's banks by name with their signing addresses (names shown by the governance API). */
  members?: ReadonlyMap<string, string>;
}

/** Queue names of a bank. */
export function bankQueues(bank: string): { inbound: string; results: string; delivery: string } {
  return { inbound: `${bank}-inbound`, results: `${bank}-results`, delivery: `${bank}-delivery` };
}

/** The signing key's name in the Key Vault stand-in. */
export function signingKeyName(bank: string): string {
  return `${bank}-signer`;
}

/**
 * The bank's key for a role below admin, derived from its admin (master) key: whoever holds the admin key may do
 * everything anyway, and the consortium file need not keep more secrets than it has.
 */
export function roleKey(adminKey: string, role: "reader" | "operator"): string {
  return createHmac("sha256", adminKey).update(role).digest("base64url");
}

/** The environment of one bank's host process. */
export function bankSettings(input: BankSettingsInput): Record<string, string> {
  const queues = bankQueues(input.bank);
  const compact = input.bank.replace(/[^A-Za-z0-9]/g, "");
  return {
    ...input.keyVaultEnv,
    FUNCTIONS_WORKER_RUNTIME: "node",
    FUNCTIONS_MASTER_KEY: input.adminKey,
    FUNCTIONS_OPERATOR_KEY: roleKey(input.adminKey, "operator"),
    FUNCTIONS_HOST_KEY: roleKey(input.adminKey, "reader"),
    AzureWebJobsStorage: input.storageConnectionString,
    STORAGE_TABLE_PREFIX: compact,
    DURABLE_TASK_HUB: compact,
    ServiceBusConnection: input.serviceBusConnectionString,
    SERVICEBUS_INBOUND_QUEUE: queues.inbound,
    SERVICEBUS_RESULTS_QUEUE: queues.results,
    SERVICEBUS_DELIVERY_QUEUE: queues.delivery,
    CHAIN_RPC_URLS: input.rpcUrl,
    CHAIN_ID: String(input.chainId),
    CHAIN_CONTRACT_ADDRESS: input.contractAddress,
    CHAIN_BLOCK_TIME_MS: String(input.blockTimeInMs),
    SIGNER_KIND: "keyvault",
    KEYVAULT_URL: input.vaultUrl,
    KEYVAULT_SIGNING_KEY_NAME: signingKeyName(input.bank),
    KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION: "true",
    CONSORTIUM_SUBJECT_KEY: input.subjectKey,
    CONSORTIUM_MEMBER_NAMES: [...(input.members ?? [])].map(([name, address]) => `${address}=${name}`).join(","),
    SCORE_MIN: "300",
    SCORE_MAX: "850",
    LOG_LEVEL: "info",
    WEBHOOK_ALLOW_HTTP: "true",
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES: "true",
    // The partner receivers listen on loopback; host paths (/durabletask, /admin, /runtime) stay refused.
    WEBHOOK_ALLOWED_NETWORKS: "127.0.0.1,::1",
    WEBHOOK_RETRY_SCALE: "0.01",
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(1024 * 1024),
    RECONCILIATION_SCHEDULE: "0 */5 * * * *",
    RETENTION_SCHEDULE: "0 17 * * * *",
  };
}

/** Properties of a bank's local queues: duplicate detection on, which the bank relies on (the default is off). */
export const BANK_QUEUE_PROPERTIES: Readonly<Partial<QueuePropertiesJson>> = Object.freeze({
  MaxDeliveryCount: 10,
  LockDuration: "PT30S",
  RequiresDuplicateDetection: true,
  DuplicateDetectionHistoryTimeWindow: "PT10M",
  DeadLetteringOnMessageExpiration: true,
  DefaultMessageTimeToLive: "P1D",
});

/** One queue with the bank queue properties, `overrides` (e.g. a shorter lock for tests) applied. */
export function bankQueue(
  name: string,
  overrides: Partial<QueuePropertiesJson> = {},
): { Name: string; Properties: Partial<QueuePropertiesJson> } {
  return { Name: name, Properties: { ...BANK_QUEUE_PROPERTIES, ...overrides } };
}

/** An emulator configuration (the official emulator's Config.json shape) declaring `queues`. */
export function serviceBusNamespace(queues: ReturnType<typeof bankQueue>[]): ServiceBusConfigFile {
  return { UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: queues, Topics: [] }] } };
}

/** Service Bus entities for the banks: each bank's inbound, results and delivery queues. */
export function serviceBusConfig(
  banks: readonly string[],
  overrides: Partial<QueuePropertiesJson> = {},
): ServiceBusConfigFile {
  return serviceBusNamespace(
    banks.flatMap((bank) => Object.values(bankQueues(bank)).map((q) => bankQueue(q, overrides))),
  );
}
