// Builds the distribution adapters from configuration in one call, so the composition root (lib/composition/services.ts) adds
// them with a few lines: tables, the delivery queue sender, the secret store, the chain probe and health checks.
import type { TokenCredential } from "@azure/core-auth";
import type { SecretClientOptions } from "@azure/keyvault-secrets";
import type { ServiceBusClient } from "@azure/service-bus";
import type { Config } from "../config/config.js";
import type { OutboxEntry } from "../ports/outbox.js";
import type { ChainProbe, DependencyCheck } from "../ports/health.js";
import type {
  CheckpointStore,
  DeliveryQueue,
  DeliveryStore,
  RecordIndex,
  WebhookSender,
} from "../ports/distribution.js";
import type { OutboxReader } from "../ports/outbox.js";
import type { ReportStore } from "../ports/reconciliation.js";
import type { SecretStore, SubscriptionStore, WebhookDestinationGuard } from "../ports/subscriptions.js";
import type { TransactionLookup } from "../ports/ledger.js";
import { AppError } from "../domain/appError.js";
import { keyVaultCheck } from "../adapters/keyvault/keyVaultCheck.js";
import { serviceBusCheck } from "../adapters/servicebus/serviceBusCheck.js";
import { storageCheck } from "../adapters/tables/storageCheck.js";
import { FetchWebhookSender } from "../adapters/http/fetchWebhookSender.js";
import { ResolvingDestinationGuard } from "../adapters/http/webhookAddresses.js";
import { JsonRpcChainProbe } from "../adapters/evm/jsonRpcChainProbe.js";
import { KeyVaultSecretStore } from "../adapters/keyvault/keyVaultSecretStore.js";
import type { RpcPool } from "../adapters/evm/rpcPool.js";
import { RpcTransactionLookup } from "../adapters/evm/rpcTransactionLookup.js";
import { ServiceBusDeliveryQueue } from "../adapters/servicebus/serviceBusDeliveryQueue.js";
import { openTableChainState } from "../adapters/tables/tableChainState.js";
import { openTableDeliveryStore } from "../adapters/tables/tableDeliveryStore.js";
import { openTableOutboxReader } from "../adapters/tables/tableOutboxReader.js";
import type { RecentEntries } from "../adapters/tables/recentEntries.js";
import { openTableReportStore } from "../adapters/tables/tableReportStore.js";
import { openTableSubscriptionStore } from "../adapters/tables/tableSubscriptionStore.js";
import type { TableSource } from "../adapters/tables/tableSupport.js";

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
