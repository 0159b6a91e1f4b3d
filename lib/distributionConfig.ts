// Settings of distribution, reconciliation, retention and health (WEBHOOK_…, WATCHER_…, RECONCILIATION_…,
// RETENTION_…, HEALTH_…), read by lib/config.ts's loadConfig through its SettingsReader, so every problem is still
// reported in one error. Every setting is optional with a production default; local.settings.example.json lists
// them with local values.
import { isIP } from "node:net";
import type { SettingsReader } from "./configReader.js";
import { DEFAULT_RETRY_SCHEDULE_IN_SECONDS, type RetryPolicy } from "./domain/retrySchedule.js";
import type { RetentionSettings } from "./retention/applyRetention.js";

/** Distribution, reconciliation, retention and health settings. */
export interface DistributionConfig {
  webhook: {
    retryPolicy: RetryPolicy;
    attemptTimeoutInMs: number;
    /** A subscription failing without a success for this long is disabled. */
    disableAfterInMs: number;
    /** How long a rotated-out secret keeps signing. */
    secretOverlapInMs: number;
    /** Accept http:// subscription URLs (local runs only). */
    allowHttp: boolean;
    /** Send to private ranges (partners on peered private networks); never loopback, metadata or platform. */
    allowPrivateAddresses: boolean;
    /** CIDRs or addresses reachable although loopback or private (local runs, named peered partners). */
    allowedNetworks: string[];
    /** The vault holding subscription secrets (defaults to KEYVAULT_URL). */
    secretsVaultUrl?: string;
  };
  watcher: { startBlock: number; pageSizeInBlocks: number; maxPagesPerStep: number };
  reconciliation: {
    /** NCRONTAB schedule of the timer function. */
    schedule: string;
    reportRetentionInMs: number;
    acceptedOlderThanInMs: number;
    submittedOlderThanInMs: number;
    confirmedLookbackInMs: number;
    /** Confirmed updates of the look-back window checked against the chain per run (the walk's page). */
    historyPerRun: number;
    lostJobGraceInMs: number;
    scanLimit: number;
    maxBlocksPerRun: number;
    timeBudgetInMs: number;
  };
  health: {
    maxLagInBlocks: number;
    minPeers: number;
    checkTimeoutInMs: number;
    /** How long a health check's result is served before the dependencies are asked again. */
    cacheTtlInMs: number;
  };
  /** How long finished work is kept (RETENTION_…), and how much one run of the retention timer deletes. */
  retention: RetentionSettings & { schedule: string };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Reads the distribution settings. */
export function readDistributionConfig(read: SettingsReader): DistributionConfig {
  return {
    webhook: {
      retryPolicy: {
        scheduleInSeconds: schedule(read),
        scale: scale(read),
        jitterRatio: read.integer("WEBHOOK_RETRY_JITTER_PERCENT", 20, { min: 0, max: 100 }) / 100,
        maxRetryAfterInSeconds: read.integer("WEBHOOK_MAX_RETRY_AFTER_S", 86_400, { min: 1 }),
      },
      attemptTimeoutInMs: read.integer("WEBHOOK_ATTEMPT_TIMEOUT_MS", 15_000, { min: 100, max: 120_000 }),
      disableAfterInMs: read.integer("WEBHOOK_DISABLE_AFTER_HOURS", 120, { min: 1 }) * HOUR,
      secretOverlapInMs: read.integer("WEBHOOK_SECRET_OVERLAP_HOURS", 24, { min: 0 }) * HOUR,
      allowHttp: read.boolean("WEBHOOK_ALLOW_HTTP", false),
      allowPrivateAddresses: read.boolean("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", false),
      allowedNetworks: networks(read),
      secretsVaultUrl: read.optional("WEBHOOK_SECRETS_VAULT_URL") ?? read.optional("KEYVAULT_URL"),
    },
    watcher: {
      startBlock: read.integer("WATCHER_START_BLOCK", 0, { min: 0 }),
      pageSizeInBlocks: read.integer("WATCHER_PAGE_BLOCKS", 2_000, { min: 1 }),
      maxPagesPerStep: read.integer("WATCHER_MAX_PAGES_PER_STEP", 20, { min: 1 }),
    },
    reconciliation: {
      schedule: read.string("RECONCILIATION_SCHEDULE", "0 */15 * * * *"),
      reportRetentionInMs: read.integer("RECONCILIATION_REPORT_RETENTION_DAYS", 30, { min: 1 }) * 24 * HOUR,
      acceptedOlderThanInMs: read.integer("RECONCILIATION_ACCEPTED_AFTER_MINUTES", 10, { min: 1 }) * MINUTE,
      submittedOlderThanInMs: read.integer("RECONCILIATION_SUBMITTED_AFTER_MINUTES", 30, { min: 1 }) * MINUTE,
      confirmedLookbackInMs: read.integer("RECONCILIATION_CONFIRMED_LOOKBACK_HOURS", 24, { min: 1 }) * HOUR,
      historyPerRun: read.integer("RECONCILIATION_HISTORY_PER_RUN", 500, { min: 1 }),
      lostJobGraceInMs: read.integer("RECONCILIATION_LOST_JOB_GRACE_MINUTES", 15, { min: 1 }) * MINUTE,
      scanLimit: read.integer("RECONCILIATION_SCAN_LIMIT", 5_000, { min: 1 }),
      maxBlocksPerRun: read.integer("RECONCILIATION_MAX_BLOCKS_PER_RUN", 50_000, { min: 1 }),
      timeBudgetInMs: read.integer("RECONCILIATION_TIME_BUDGET_SECONDS", 240, { min: 1 }) * 1_000,
    },
    retention: {
      schedule: read.string("RETENTION_SCHEDULE", "0 17 * * * *"),
      outboxInMs: read.integer("RETENTION_OUTBOX_DAYS", 400, { min: 2 }) * 24 * HOUR,
      transactionsInMs: read.integer("RETENTION_TRANSACTIONS_DAYS", 400, { min: 2 }) * 24 * HOUR,
      deliveriesInMs: read.integer("RETENTION_DELIVERIES_DAYS", 90, { min: 1 }) * 24 * HOUR,
      failedDeliveriesInMs: read.integer("RETENTION_FAILED_DELIVERIES_DAYS", 180, { min: 1 }) * 24 * HOUR,
      orchestrationsInMs: read.integer("RETENTION_ORCHESTRATIONS_DAYS", 30, { min: 1 }) * 24 * HOUR,
      batchSize: read.integer("RETENTION_BATCH", 2_000, { min: 1, max: 50_000 }),
    },
    health: {
      maxLagInBlocks: read.integer("HEALTH_MAX_LAG_BLOCKS", 5, { min: 0 }),
      minPeers: read.integer("HEALTH_MIN_PEERS", 1, { min: 0 }),
      checkTimeoutInMs: read.integer("HEALTH_CHECK_TIMEOUT_MS", 5_000, { min: 100 }),
      cacheTtlInMs: read.integer("HEALTH_CACHE_SECONDS", 10, { min: 1, max: 300 }) * 1000,
    },
  };
}

/** WEBHOOK_RETRY_SCHEDULE_S: comma-separated delays in seconds before retries 1, 2, … */
function schedule(read: SettingsReader): number[] {
  const raw = read.optional("WEBHOOK_RETRY_SCHEDULE_S");
  if (raw === undefined) return [...DEFAULT_RETRY_SCHEDULE_IN_SECONDS];
  const delays = raw.split(",").map((s) => Number(s.trim()));
  if (delays.length > 0 && delays.every((d) => Number.isSafeInteger(d) && d > 0)) return delays;
  read.problems.push(`WEBHOOK_RETRY_SCHEDULE_S must list positive whole seconds, got "${raw}"`);
  return [...DEFAULT_RETRY_SCHEDULE_IN_SECONDS];
}

/** WEBHOOK_ALLOWED_NETWORKS: comma-separated CIDRs or addresses ("10.20.0.0/16,127.0.0.1"). */
function networks(read: SettingsReader): string[] {
  const list = (read.optional("WEBHOOK_ALLOWED_NETWORKS") ?? "").split(",").map((s) => s.trim());
  const entries = list.filter((s) => s !== "");
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const bits = prefix === undefined ? 0 : Number(prefix);
    const max = isIP(address) === 4 ? 32 : 128;
    if (isIP(address) === 0 || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > max) {
      read.problems.push(`WEBHOOK_ALLOWED_NETWORKS has an invalid entry "${entry}" (expected an address or CIDR)`);
    }
  }
  return entries;
}

/** WEBHOOK_RETRY_SCALE: multiplies every delay (1 in production, e.g. 0.001 locally). */
function scale(read: SettingsReader): number {
  const raw = read.optional("WEBHOOK_RETRY_SCALE");
  if (raw === undefined) return 1;
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0 && value <= 1) return value;
  read.problems.push(`WEBHOOK_RETRY_SCALE must be a number in (0, 1], got "${raw}"`);
  return 1;
}
