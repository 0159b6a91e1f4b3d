// Builds the distribution adapters from configuration in one call, so the composition root (lib/services.ts) adds
// them with a few lines: tables, the delivery queue sender, the secret store, the chain probe and health checks.
import type { TokenCredential } from "@azure/core-auth";
import type { SecretClientOptions } from "@azure/keyvault-secrets";
import type { ServiceBusClient } from "@azure/service-bus";
import type { Config } from "../config.js";
import type { OutboxEntry } from "../ports.js";
import type {
  ChainProbe,
  CheckpointStore,
  DeliveryQueue,
  DeliveryStore,
  DependencyCheck,
  OutboxReader,
  RecordIndex,
  ReportStore,
  SecretStore,
  SubscriptionStore,
  TransactionLookup,
  WebhookDestinationGuard,
  WebhookSender,
} from "../distributionPorts.js";
import { AppError } from "../domain/appError.js";
import { keyVaultCheck, serviceBusCheck, storageCheck } from "./dependencyChecks.js";
import { FetchWebhookSender } from "./fetchWebhookSender.js";
import { ResolvingDestinationGuard } from "./webhookAddresses.js";
import { JsonRpcChainProbe } from "./jsonRpcChainProbe.js";
import { KeyVaultSecretStore } from "./keyVaultSecretStore.js";
import type { RpcPool } from "./rpcPool.js";
import { RpcTransactionLookup } from "./rpcTransactionLookup.js";
import { ServiceBusDeliveryQueue } from "./serviceBusDeliveryQueue.js";
import { openTableChainState } from "./tableChainState.js";
import { openTableDeliveryStore } from "./tableDeliveryStore.js";
import { openTableOutboxReader } from "./tableOutboxReader.js";
import type { RecentEntries } from "./recentEntries.js";
import { openTableReportStore } from "./tableReportStore.js";
import { openTableSubscriptionStore } from "./tableSubscriptionStore.js";
import type { TableSource } from "./tableSupport.js";

/** The distribution ports, ready to hand to use cases. */
export interface DistributionAdapters {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  sender: WebhookSender;
  destinations: WebhookDestinationGuard;
  secrets: SecretStore;
  outboxReader: OutboxReader;
  checkpoints: CheckpointStore;
  index: RecordIndex;
  reports: ReportStore;
  probe: ChainProbe;
  transactionLookup: TransactionLookup;
  /** Storage, Service Bus (inbound and delivery queues) and Key Vault checks for health. */
  checks: DependencyCheck[];
}

/** What the adapters are built from (the composition root already holds these). */
export interface DistributionAdapterOptions {
  config: Readonly<Config>;
  credential: TokenCredential;
  tables: TableSource;
  serviceBus: ServiceBusClient;
  pool: RpcPool;
  /** Local Key Vault stand-in only. */
  keyVaultClientOptions?: SecretClientOptions;
  /** The outbox entries this process stored lately (shared with the OutboxStore). */
  recentEntries?: RecentEntries<OutboxEntry>;
}

/** Opens every distribution table and builds the other adapters. */
export async function openDistributionAdapters(options: DistributionAdapterOptions): Promise<DistributionAdapters> {
  const { config, tables } = options;
  const prefix = config.storage.tablePrefix;
  const vaultUrl = config.distribution.webhook.secretsVaultUrl;
  const { allowPrivateAddresses, allowedNetworks } = config.distribution.webhook;
  const addressPolicy = { allowPrivateAddresses, allowedNetworks };
  if (!vaultUrl) throw new AppError("CONFIG_INVALID", "WEBHOOK_SECRETS_VAULT_URL or KEYVAULT_URL is required");
  const secrets = new KeyVaultSecretStore({
    vaultUrl,
    credential: options.credential,
    clientOptions: options.keyVaultClientOptions,
  });
  const [subscriptions, deliveries, chainState, reports, outboxReader] = await Promise.all([
    openTableSubscriptionStore(tables, `${prefix}subscriptions`),
    openTableDeliveryStore(tables, `${prefix}deliveries`),
    openTableChainState(tables, `${prefix}chainstate`),
    openTableReportStore(tables, `${prefix}reports`),
    openTableOutboxReader(tables, `${prefix}outbox`, options.recentEntries),
  ]);
  return {
    subscriptions,
    deliveries,
    queue: new ServiceBusDeliveryQueue(options.serviceBus.createSender(config.serviceBus.deliveryQueue)),
    sender: new FetchWebhookSender(addressPolicy),
    destinations: new ResolvingDestinationGuard(addressPolicy),
    secrets,
    outboxReader,
    checkpoints: chainState,
    index: chainState,
    reports,
    probe: new JsonRpcChainProbe({
      urls: config.chain.rpcUrls,
      timeoutInMs: config.distribution.health.checkTimeoutInMs,
    }),
    transactionLookup: new RpcTransactionLookup(options.pool),
    checks: healthChecks(options, secrets),
  };
}

function healthChecks(options: DistributionAdapterOptions, secrets: KeyVaultSecretStore): DependencyCheck[] {
  const { inboundQueue, deliveryQueue } = options.config.serviceBus;
  return [
    storageCheck(options.tables, `${options.config.storage.tablePrefix}outbox`),
    serviceBusCheck(options.serviceBus, inboundQueue),
    serviceBusCheck(options.serviceBus, deliveryQueue),
    keyVaultCheck(secrets),
  ];
}
