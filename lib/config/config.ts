// The only reader of process.env: loads every setting once, reports all problems in one CONFIG_INVALID error, and
// returns a frozen object whose field names carry their units. Every setting is listed, with a working local value,
// in local.settings.example.json.
import { AppError } from "../domain/appError.js";
import { SettingsReader } from "./configReader.js";
import { readDistributionConfig, type DistributionConfig } from "./distributionConfig.js";
import { readGovernanceConfig, type GovernanceConfig } from "./governanceConfig.js";

/** How transaction fees are set: zero for the consortium's free-gas Besu network, market to follow the base fee. */
export type FeeStrategy = "zero" | "market";

/** The application's settings. */
export interface Config {
  chain: {
    rpcUrls: readonly string[];
    chainId: bigint;
    contractAddress: string;
    /** Blocks a receipt must be buried under before a record counts as confirmed (1 for QBFT). */
    confirmations: number;
    rpcTimeoutInMs: number;
    blockTimeInMs: number;
    feeStrategy: FeeStrategy;
  };
  batch: { gasBudget: bigint; maxRecords: number; maxCalldataBytes: number };
  signer:
    | {
        kind: "keyvault";
        vaultUrl: string;
        keyName: string;
        /** The key's address when known (`KEYVAULT_SIGNING_ADDRESS`): "ours" without asking the vault. */
        address?: string;
        operationsPer10Seconds: number;
        /** Local stand-in only: its 127.0.0.1 host is not under the challenge's vault.azure.net domain. */
        disableChallengeResourceVerification: boolean;
      }
    | { kind: "local"; privateKey: string };
  serviceBus: {
    /** A connection string (local emulator), or else the namespace reached with the managed identity. */
    connectionString?: string;
    fullyQualifiedNamespace?: string;
    inboundQueue: string;
    resultsQueue: string;
    deliveryQueue: string;
  };
  storage: {
    /** A connection string (Azurite), or else the Table endpoint reached with the managed identity. */
    connectionString?: string;
    tableUrl?: string;
    /** Prefix of this bank's table names (letters and digits). */
    tablePrefix: string;
  };
  /** The user-assigned managed identity's client id (Azure); absent locally. */
  managedIdentityClientId?: string;
  /** The consortium-wide HMAC key for subject keys. */
  subjectKeySecret: Uint8Array;
  scoreRange: { min: number; max: number };
  telemetry: { applicationInsightsConnectionString?: string; logLevel: string };
  /** Webhooks, chain watcher, reconciliation and health. */
  distribution: DistributionConfig;
  /** Consortium governance: member names. */
  governance: GovernanceConfig;
  /** Where the console sends a browser that is not signed in (App Service Authentication); absent locally. */
  console: { signInPath?: string };
}

/** Loads the configuration from an environment map (process.env in the app, a literal in tests). */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Readonly<Config> {
  const read = new SettingsReader(env);
  const signerKind = read.oneOf("SIGNER_KIND", ["keyvault", "local"], "keyvault");
  const config: Config = {
    chain: {
      rpcUrls: read.urls("CHAIN_RPC_URLS"),
      chainId: BigInt(read.integer("CHAIN_ID", undefined, { min: 1 })),
      contractAddress: read.address("CHAIN_CONTRACT_ADDRESS"),
      confirmations: read.integer("CHAIN_CONFIRMATIONS", 1, { min: 1, max: 1000 }),
      rpcTimeoutInMs: read.integer("CHAIN_RPC_TIMEOUT_MS", 10_000, { min: 100 }),
      blockTimeInMs: read.integer("CHAIN_BLOCK_TIME_MS", 2_000, { min: 100 }),
      feeStrategy: read.oneOf("CHAIN_FEE_STRATEGY", ["zero", "market"], "zero"),
    },
    batch: {
      gasBudget: BigInt(read.integer("BATCH_GAS_BUDGET", 15_000_000, { min: 100_000 })),
      maxRecords: read.integer("BATCH_MAX_RECORDS", 300, { min: 1, max: 2_000 }),
      maxCalldataBytes: read.integer("BATCH_MAX_CALLDATA_BYTES", 120_000, { min: 1_000 }),
    },
    signer:
      signerKind === "local"
        ? { kind: "local", privateKey: read.string("SIGNER_LOCAL_PRIVATE_KEY") }
        : {
            kind: "keyvault",
            vaultUrl: read.urls("KEYVAULT_URL")[0] ?? "",
            keyName: read.string("KEYVAULT_SIGNING_KEY_NAME"),
            address:
              read.optional("KEYVAULT_SIGNING_ADDRESS") === undefined
                ? undefined
                : read.address("KEYVAULT_SIGNING_ADDRESS"),
            operationsPer10Seconds: read.integer("KEYVAULT_OPS_PER_10S", 2_000, { min: 1 }),
            disableChallengeResourceVerification: read.boolean(
              "KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION",
              false,
            ),
          },
    serviceBus: {
      connectionString: read.optional("ServiceBusConnection"),
      fullyQualifiedNamespace: read.optional("ServiceBusConnection__fullyQualifiedNamespace"),
      inboundQueue: read.string("SERVICEBUS_INBOUND_QUEUE"),
      resultsQueue: read.string("SERVICEBUS_RESULTS_QUEUE"),
      deliveryQueue: read.string("SERVICEBUS_DELIVERY_QUEUE"),
    },
    storage: {
      connectionString: read.optional("AzureWebJobsStorage"),
      tableUrl: read.optional("STORAGE_TABLE_URL"),
      tablePrefix: read.pattern(
        "STORAGE_TABLE_PREFIX",
        /^[A-Za-z][A-Za-z0-9]{0,29}$/,
        "creditlink",
        "letters and digits",
      ),
    },
    managedIdentityClientId: read.optional("AZURE_CLIENT_ID"),
    subjectKeySecret: read.secretBytes("CONSORTIUM_SUBJECT_KEY", 32),
    scoreRange: {
      min: read.integer("SCORE_MIN", 0, { min: 0, max: 65_535 }),
      max: read.integer("SCORE_MAX", 1_000, { min: 0, max: 65_535 }),
    },
    telemetry: {
      applicationInsightsConnectionString: read.optional("APPLICATIONINSIGHTS_CONNECTION_STRING"),
      logLevel: read.oneOf("LOG_LEVEL", ["trace", "debug", "info", "warn", "error", "silent"], "info"),
    },
    distribution: readDistributionConfig(read),
    governance: readGovernanceConfig(read),
    console: { signInPath: read.optional("CONSOLE_SIGN_IN_PATH") },
  };
  if (config.scoreRange.min > config.scoreRange.max) read.problems.push("SCORE_MIN must not exceed SCORE_MAX");
  if (!config.serviceBus.connectionString && !config.serviceBus.fullyQualifiedNamespace) {
    read.problems.push("ServiceBusConnection or ServiceBusConnection__fullyQualifiedNamespace is required");
  }
  if (!config.storage.connectionString && !config.storage.tableUrl) {
    read.problems.push("AzureWebJobsStorage (a connection string) or STORAGE_TABLE_URL is required");
  }
  if (read.problems.length > 0) {
    throw new AppError("CONFIG_INVALID", `Invalid configuration:\n- ${read.problems.join("\n- ")}`, {
      details: { problems: read.problems },
    });
  }
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
