// Settings of the health endpoints (HEALTH_…), read through lib/config/config.ts's SettingsReader so every problem
// is reported in one error. Every setting is optional with a production default.
import type { SettingsReader } from "./configReader.js";

/** What health reports as degraded, and how long a result is served. */
export interface HealthConfig {
  maxLagInBlocks: number;
  minPeers: number;
  checkTimeoutInMs: number;
  /** How long a health check's result is served before the dependencies are asked again. */
  cacheTtlInMs: number;
}

/** Reads the health settings. */
export function readHealthConfig(read: SettingsReader): HealthConfig {
  return {
    maxLagInBlocks: read.integer("HEALTH_MAX_LAG_BLOCKS", 5, { min: 0 }),
    minPeers: read.integer("HEALTH_MIN_PEERS", 1, { min: 0 }),
    checkTimeoutInMs: read.integer("HEALTH_CHECK_TIMEOUT_MS", 5_000, { min: 100 }),
    cacheTtlInMs: read.integer("HEALTH_CACHE_SECONDS", 10, { min: 1, max: 300 }) * 1000,
  };
}
