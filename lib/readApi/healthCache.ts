// Serves the health report from memory for a short time, so that health requests (anonymous ones included) reach
// storage, Service Bus, Key Vault and the nodes at a bounded rate whatever their number: one check at a time, its
// result reused until it is `ttlInMs` old.
import type { HealthReport } from "./getHealth.js";

/** A report and when it was taken. */
export interface CachedHealth {
  report: HealthReport;
  checkedAt: Date;
}

/** A single-flight cache of the health report. */
export class HealthCache {
  #latest: CachedHealth | undefined;
  #pending: Promise<CachedHealth> | undefined;

  /** The cached report when younger than `ttlInMs` at `now`, else a fresh one (shared with concurrent callers). */
  async get(load: () => Promise<HealthReport>, options: { ttlInMs: number; now: Date }): Promise<CachedHealth> {
    const latest = this.#latest;
    if (latest && options.now.getTime() - latest.checkedAt.getTime() < options.ttlInMs) return latest;
    this.#pending ??= load()
      .then((report) => (this.#latest = { report, checkedAt: options.now }))
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }
}

/** The process's cache, shared by the anonymous and the detailed health functions. */
export const healthCache = new HealthCache();
