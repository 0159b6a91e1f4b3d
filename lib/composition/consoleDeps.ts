// Hands the console's read use cases their dependencies from the process services, and keeps what they carry
// across refreshes in this process: the window of recent blocks and when each endpoint last answered.
import { healthDeps } from "./distributionDeps.js";
import { getHealth } from "../readApi/getHealth.js";
import { healthCache } from "../readApi/healthCache.js";
import type { Services } from "./services.js";
import { ChainActivityWindow } from "../console/chainActivityWindow.js";
import type { ConsortiumDeps } from "../console/getConsortiumView.js";
import type { PartnersDeps } from "../console/getPartnersView.js";
import type { PipelineDeps } from "../console/getPipelineView.js";

/** 30 minutes of blocks, at most 120 read per refresh, shared by refreshes within 2 s. */
const WINDOW = { windowInMs: 30 * 60_000, maxBlocksPerRefresh: 120, maxBlocks: 3_600, minIntervalInMs: 2_000 };

let chainWindow: ChainActivityWindow | undefined;
const lastSeen = new Map<string, string>();

/** For the consortium section. */
export function consortiumDeps(s: Services): ConsortiumDeps {
  chainWindow ??= new ChainActivityWindow(s.console.activity, WINDOW);
  const ttlInMs = s.config.distribution.health.cacheTtlInMs;
  return {
    health: () => healthCache.get(() => getHealth(healthDeps(s)), { ttlInMs, now: s.clock.now() }),
    window: chainWindow,
    activity: s.console.activity,
    lastSeen,
    clock: s.clock,
  };
}

/** For the pipeline section. */
export async function pipelineDeps(s: Services): Promise<PipelineDeps> {
  const { counters, backlog } = s.console;
  return { counters, backlog, transactions: s.transactions, address: await s.ownAddress(), clock: s.clock };
}

/** For the partners section. */
export function partnersDeps(s: Services): PartnersDeps {
  const { subscriptions, deliveries } = s.distribution;
  return { counters: s.console.counters, subscriptions, deliveries, clock: s.clock };
}
