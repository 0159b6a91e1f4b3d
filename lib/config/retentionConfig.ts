// Settings of retention (RETENTION_…), read through lib/config/config.ts's SettingsReader so every problem is
// reported in one error. Every setting is optional with a production default.
import type { RetentionSettings } from "../retention/applyRetention.js";
import type { SettingsReader } from "./configReader.js";

const DAY = 24 * 60 * 60_000;

/** How long finished work is kept (RETENTION_…), and how much one run of the retention timer deletes. */
export type RetentionConfig = RetentionSettings & { schedule: string };

/** Reads the retention settings. */
export function readRetentionConfig(read: SettingsReader): RetentionConfig {
  return {
    schedule: read.string("RETENTION_SCHEDULE", "0 17 * * * *"),
    outboxInMs: read.integer("RETENTION_OUTBOX_DAYS", 400, { min: 2 }) * DAY,
    transactionsInMs: read.integer("RETENTION_TRANSACTIONS_DAYS", 400, { min: 2 }) * DAY,
    deliveriesInMs: read.integer("RETENTION_DELIVERIES_DAYS", 90, { min: 1 }) * DAY,
    failedDeliveriesInMs: read.integer("RETENTION_FAILED_DELIVERIES_DAYS", 180, { min: 1 }) * DAY,
    orchestrationsInMs: read.integer("RETENTION_ORCHESTRATIONS_DAYS", 30, { min: 1 }) * DAY,
    batchSize: read.integer("RETENTION_BATCH", 2_000, { min: 1, max: 50_000 }),
  };
}
