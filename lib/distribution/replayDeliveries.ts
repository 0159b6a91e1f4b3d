// Replay for `POST /api/subscriptions/{id}/replay`: sends a subscription's deliveries again under their original
// webhook ids, those since a time or a block, or only the failed ones (exhausted, or held while it was disabled).
// Each replayed delivery starts a new round of the retry schedule.
import type { Delivery } from "../distributionPorts.js";
import { enqueueDelivery } from "./enqueueDelivery.js";
import type { FanOutDeps } from "./fanOutEvents.js";

/** What to replay: at most one of `sinceTime` / `sinceBlock`; `onlyFailed` keeps exhausted and held ones only. */
export interface ReplayRequest {
  subscriptionId: string;
  sinceTime?: string;
  sinceBlock?: number;
  onlyFailed?: boolean;
}

/** How many deliveries were queued again, or null when the subscription does not exist. */
export async function replayDeliveries(
  deps: Omit<FanOutDeps, "ownAddress">,
  request: ReplayRequest,
): Promise<{ replayed: number; webhookIds: string[] } | null> {
  const subscription = await deps.subscriptions.get(request.subscriptionId);
  if (!subscription) return null;
  const chosen = (await deps.deliveries.list(subscription.id)).filter((d) => selected(d, request));
  chosen.sort((a, b) => a.event.blockNumber - b.event.blockNumber || a.event.logIndex - b.event.logIndex);
  const now = deps.clock.now();
  for (const delivery of chosen) {
    await enqueueDelivery(deps, { delivery: { ...delivery, retryIndex: 0 }, at: now, now });
  }
  return { replayed: chosen.length, webhookIds: chosen.map((d) => d.webhookId) };
}

function selected(delivery: Delivery, request: ReplayRequest): boolean {
  if (request.onlyFailed && delivery.status !== "exhausted" && delivery.status !== "held") return false;
  if (request.sinceTime !== undefined && delivery.createdAt < request.sinceTime) return false;
  if (request.sinceBlock !== undefined && delivery.event.blockNumber < request.sinceBlock) return false;
  return true;
}
