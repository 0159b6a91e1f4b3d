// Settings of reconciliation (RECONCILIATION_…), read through lib/config/config.ts's SettingsReader so every problem
// is reported in one error. Every setting is optional with a production default.
import type { SettingsReader } from "./configReader.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How reconciliation runs: its schedule, what it looks at and how much per run. */
export interface ReconciliationConfig {
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
}

/** Reads the reconciliation settings. */
export function readReconciliationConfig(read: SettingsReader): ReconciliationConfig {
  return {
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
  };
}
