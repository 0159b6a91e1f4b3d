// Settings of distribution (WEBHOOK_…, WATCHER_…), with those of reconciliation, retention and health read from their
// own files (RECONCILIATION_…, RETENTION_…, HEALTH_…), read by lib/config/config.ts's loadConfig through its SettingsReader, so every problem is still
// reported in one error. Every setting is optional with a production default; local.settings.example.json lists
// them with local values.
import { isIP } from "node:net";
import type { SettingsReader } from "./configReader.js";
import { DEFAULT_RETRY_SCHEDULE_IN_SECONDS, type RetryPolicy } from "../domain/retrySchedule.js";
import { readHealthConfig, type HealthConfig } from "./healthConfig.js";
import { readReconciliationConfig, type ReconciliationConfig } from "./reconciliationConfig.js";
import { readRetentionConfig, type RetentionConfig } from "./retentionConfig.js";

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
  reconciliation: ReconciliationConfig;
  health: HealthConfig;
  retention: RetentionConfig;
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
    reconciliation: readReconciliationConfig(read),
    retention: readRetentionConfig(read),
    health: readHealthConfig(read),
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
