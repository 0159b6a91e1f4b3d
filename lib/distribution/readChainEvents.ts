// The one reader of chain events, shared by the watcher, replay and reconciliation: the webhook events of a block
// range (every type in the registry, lib/domain/webhookEvents.ts), read in pages that halve whenever the node refuses
// a range as too large (LOG_RANGE_TOO_LARGE), down to single blocks.
import { isAppError } from "../domain/appError.js";
import { webhookEventOf, type WebhookEvent } from "../domain/webhookEvents.js";
import type { Ledger } from "../ports/ledger.js";

/** What the reader needs of the ledger. */
export type EventSource = Pick<Ledger, "eventRange">;

/**
 * The webhook events of the inclusive range `from`–`to` in chain order, with the hash of block `to` (from the same
 * endpoint); null when the node refuses a range this large and it can shrink.
 */
export async function readEventPage(
  ledger: EventSource,
  from: number,
  to: number,
): Promise<{ events: WebhookEvent[]; toBlockHash: string } | null> {
  try {
    const { events, toBlockHash } = await ledger.eventRange(from, to);
    return { events: events.flatMap((e) => webhookEventOf(e) ?? []), toBlockHash };
  } catch (error) {
    if (isAppError(error, "LOG_RANGE_TOO_LARGE") && to > from) return null;
    throw error;
  }
}

/** Every webhook event in the inclusive range, in chain order, in pages of at most `pageSizeInBlocks` blocks. */
export async function readChainEvents(
  ledger: EventSource,
  range: { fromBlock: number; toBlock: number; pageSizeInBlocks: number },
): Promise<WebhookEvent[]> {
  const found: WebhookEvent[] = [];
  let page = range.pageSizeInBlocks;
  for (let from = range.fromBlock; from <= range.toBlock;) {
    const to = Math.min(range.toBlock, from + page - 1);
    const read = await readEventPage(ledger, from, to);
    if (read === null) {
      page = Math.max(1, Math.floor(page / 2));
      continue;
    }
    found.push(...read.events);
    from = to + 1;
  }
  return found;
}
