// The composition root: builds every adapter once per process from the configuration and hands use cases their
// ports. The only place that chooses implementations (Key Vault or local signer, connection string or identity).
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import { ServiceBusClient } from "@azure/service-bus";
import { Wallet } from "ethers";
import { AppError } from "../domain/appError.js";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { loadConfig, type Config } from "../config/config.js";
import { CreditRegistryLedger } from "../adapters/evm/creditRegistryLedger.js";
import { EthersTransactionSigner } from "../adapters/evm/ethersTransactionSigner.js";
import { EvmLedgerWriter } from "../adapters/evm/evmLedgerWriter.js";
import { LazyKeyVaultSigner, memoizeSuccess } from "../adapters/keyvault/lazyKeyVaultSigner.js";
import { RpcPool } from "../adapters/evm/rpcPool.js";
import { ServiceBusResultPublisher } from "../adapters/servicebus/serviceBusResultPublisher.js";
import { RecentEntries } from "../adapters/tables/recentEntries.js";
import { openTableOutboxStore } from "../adapters/tables/tableOutboxStore.js";
import { openTableSubjectOutbox } from "../adapters/tables/tableSubjectOutbox.js";
import { openTableTransactionStore } from "../adapters/tables/tableTransactionStore.js";
import type { TableSource } from "../adapters/tables/tableSupport.js";
import { openDistributionAdapters, type DistributionAdapters } from "./distributionAdapters.js";
import { openConsoleAdapters, type ConsoleAdapters } from "./consoleAdapters.js";
import type { Clock, Random } from "../ports/runtime.js";
import type { TransactionSigner } from "../adapters/evm/transactionSigner.js";
import type { Ledger } from "../ports/ledger.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { OutboxEntry, OutboxStore, SubjectOutbox } from "../ports/outbox.js";
import type { ResultPublisher, TransactionStore } from "../ports/submission.js";
import { createLogger } from "../observability/logger.js";
import { startTelemetry } from "../observability/telemetry.js";

/** Memory for the outbox entries kept for the dispatcher, measured per entry (about 10,000 entries of 1.5 KB). */
const RECENT_ENTRIES_IN_BYTES = 32 * 1024 * 1024;

/** Every port the functions use, built from one configuration. */
export interface Services {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  random: Random;
  ledger: Ledger;
  /** The ledger seam's write side, for the signing key (batches prepared, submitted and tracked). */
  writer: LedgerWriter;
  outbox: OutboxStore;
  /** The outbox by subject key, for erasure on request. */
  subjects: SubjectOutbox;
  transactions: TransactionStore;
  results: ResultPublisher;
  /** The distribution ports (subscriptions, deliveries, webhooks, chain state, reports, health checks). */
  distribution: DistributionAdapters;
  /** The operator console's counters, chain activity and backlog. */
  console: ConsoleAdapters;
  /** This bank's signing address (its records on chain are "ours"); may load the Key Vault key on first call. */
  ownAddress: () => Promise<string>;
}

let built: Promise<Services> | undefined;

/** The process-wide services, built on first use (a failed build is retried on the next call). */
export function services(): Promise<Services> {
  built ??= buildServices(loadConfig()).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function buildServices(config: Readonly<Config>): Promise<Services> {
  await startTelemetry(config.telemetry);
  const credential = azureCredential(config);
  const pool = new RpcPool({
    urls: config.chain.rpcUrls,
    chainId: config.chain.chainId,
    timeoutInMs: config.chain.rpcTimeoutInMs,
  });
  const tables = tableSource(config, credential);
  const prefix = config.storage.tablePrefix;
  // The dispatcher sends our own records seconds after ingest stored them: it finds most of them here.
  const recentEntries = new RecentEntries<OutboxEntry>(RECENT_ENTRIES_IN_BYTES);
  // Built without a vault call: only signing (and "ours" without KEYVAULT_SIGNING_ADDRESS) waits for Key Vault.
  const signer = createSigner(config, credential);
  const [outbox, subjects, transactions] = await Promise.all([
    openTableOutboxStore(tables, `${prefix}outbox`, recentEntries),
    openTableSubjectOutbox(tables, `${prefix}outbox`, recentEntries),
    openTableTransactionStore(tables, `${prefix}transactions`),
  ]);
  const serviceBus = serviceBusClient(config, credential);
  const keyVaultClientOptions = { disableChallengeResourceVerification: keyVaultLocal(config) };
  const distribution = await openDistributionAdapters({
    config,
    credential,
    tables,
    serviceBus,
    pool,
    keyVaultClientOptions,
    recentEntries,
  });
  const consoleAdapters = await openConsoleAdapters({ config, tables, serviceBus, pool });
  const ledger = new CreditRegistryLedger({
    pool,
    chainId: config.chain.chainId,
    contractAddress: config.chain.contractAddress,
    feeStrategy: config.chain.feeStrategy,
  });
  return {
    config,
    logger: createLogger(config.telemetry),
    clock: { now: () => new Date() },
    random: { bytesHex: (length) => "0x" + randomBytes(length).toString("hex") },
    ledger,
    writer: new EvmLedgerWriter({ registry: ledger, signer, batch: config.batch }),
    outbox,
    subjects,
    transactions,
    results: new ServiceBusResultPublisher(serviceBus.createSender(config.serviceBus.resultsQueue)),
    distribution,
    console: consoleAdapters,
    ownAddress: memoizeSuccess(() => signer.getAddress()),
  };
}

function keyVaultLocal(config: Readonly<Config>): boolean {
  return config.signer.kind === "keyvault" && config.signer.disableChallengeResourceVerification;
}

function createSigner(config: Readonly<Config>, credential: TokenCredential): TransactionSigner {
  if (config.signer.kind === "local") return new EthersTransactionSigner(new Wallet(config.signer.privateKey));
  return new LazyKeyVaultSigner({
    vaultUrl: config.signer.vaultUrl,
    keyName: config.signer.keyName,
    expectedAddress: config.signer.address,
    credential,
    rateLimit: { operations: config.signer.operationsPer10Seconds, windowInMs: 10_000 },
    clientOptions: { disableChallengeResourceVerification: config.signer.disableChallengeResourceVerification },
  });
}

function azureCredential(config: Readonly<Config>): TokenCredential {
  return config.managedIdentityClientId
    ? new ManagedIdentityCredential({ clientId: config.managedIdentityClientId })
    : new DefaultAzureCredential();
}

function tableSource(config: Readonly<Config>, credential: TokenCredential): TableSource {
  if (config.storage.connectionString) return config.storage.connectionString;
  return { url: config.storage.tableUrl ?? "", credential };
}

/** The Service Bus client: a connection string locally (our emulator, Microsoft's), the managed identity in Azure. */
function serviceBusClient(config: Readonly<Config>, credential: TokenCredential): ServiceBusClient {
  const { connectionString, fullyQualifiedNamespace } = config.serviceBus;
  if (connectionString) return new ServiceBusClient(connectionString);
  if (!fullyQualifiedNamespace) throw new AppError("CONFIG_INVALID", "no Service Bus connection configured");
  return new ServiceBusClient(fullyQualifiedNamespace, credential);
}
