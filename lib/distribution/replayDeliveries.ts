// Replay for `POST /api/subscriptions/{id}/replay`: sends a subscription's deliveries again under their original
// webhook ids, those since a time or a block, or only the failed ones (exhausted, or held while it was disabled).
// Since a block, events the subscription never had a delivery for (it did not exist yet) are read from the chain
// up to the watcher's checkpoint and delivered too. Each replayed delivery starts a new round of the schedule.
import type { CheckpointStore, Delivery } from "../ports/distribution.js";
import type { Ledger } from "../ports/ledger.js";
import { enqueueDeliveries } from "./enqueueDeliveries.js";
import { fanOutEvents, type FanOutDeps } from "./fanOutEvents.js";
import { readChainEvents } from "./readChainEvents.js";
import { watcherCheckpointKey } from "../domain/distributionKeys.js";

/** What to replay: at most one of `sinceTime` / `sinceBlock`; `onlyFailed` keeps exhausted and held ones only. */
export interface ReplayRequest {
  subscriptionId: string;
  sinceTime?: string;
  sinceBlock?: number;
  onlyFailed?: boolean;
}

/** What replay needs; `chain` enables reading history a subscription never had deliveries for. */
export interface ReplayDeps extends FanOutDeps {
  chain?: {
    ledger: Pick<Ledger, "contractAddress" | "eventRange">;
    checkpoints: CheckpointStore;
    pageSizeInBlocks: number;
  };
}

/** How many deliveries were queued again or created, or null when the subscription does not exist. */
export async function replayDeliveries(
  deps: ReplayDeps,
  request: ReplayRequest,
): Promise<{ replayed: number; webhookIds: string[]; created: number } | null> {
  const subscription = await deps.subscriptions.get(request.subscriptionId);
  if (!subscription) return null;
  const chosen = (await deps.deliveries.list(subscription.id)).filter((d) => selected(d, request));
  chosen.sort((a, b) => a.event.blockNumber - b.event.blockNumber || a.event.logIndex - b.event.logIndex);
  const now = deps.clock.now();
  await enqueueDeliveries(deps, { deliveries: chosen.map((d) => ({ ...d, retryIndex: 0 })), at: now, now });
  let created = 0;
  if (request.sinceBlock !== undefined && !request.onlyFailed && deps.chain) {
    const { ledger, checkpoints, pageSizeInBlocks } = deps.chain;
    const watched = (await checkpoints.get(watcherCheckpointKey(ledger.contractAddress))).nextBlock;
    const toBlock = (watched ?? request.sinceBlock) - 1;
    const events = await readChainEvents(ledger, { fromBlock: request.sinceBlock, toBlock, pageSizeInBlocks });
    created = await fanOutEvents(deps, events, [subscription]);
  }
  return { replayed: chosen.length, webhookIds: chosen.map((d) => d.webhookId), created };
}

function selected(delivery: Delivery, request: ReplayRequest): boolean {
  if (delivery.status === "erased") return false;
  if (request.onlyFailed && delivery.status !== "exhausted" && delivery.status !== "held") return false;
  if (request.sinceTime !== undefined && delivery.createdAt < request.sinceTime) return false;
  if (request.sinceBlock !== undefined && delivery.event.blockNumber < request.sinceBlock) return false;
  return true;
}
