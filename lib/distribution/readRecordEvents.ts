// Reads upserted record events over a block range in pages, halving the page whenever the node refuses a range
// as too large (LOG_RANGE_TOO_LARGE), down to single blocks.
import { isAppError } from "../domain/appError.js";
import { toChainRecordEvent, type ChainRecordEvent } from "../domain/webhook.js";
import type { Ledger } from "../ports/ledger.js";

/** Every `RecordUpserted` event in the inclusive range, in chain order. */
export async function readRecordEvents(
  ledger: Pick<Ledger, "recordEvents">,
  range: { fromBlock: number; toBlock: number; pageSizeInBlocks: number },
): Promise<ChainRecordEvent[]> {
  const found: ChainRecordEvent[] = [];
  let page = range.pageSizeInBlocks;
  for (let from = range.fromBlock; from <= range.toBlock;) {
    const to = Math.min(range.toBlock, from + page - 1);
    try {
      const events = await ledger.recordEvents(from, to);
      for (const e of events) if (e.kind === "upserted") found.push(toChainRecordEvent(e));
      from = to + 1;
    } catch (error) {
      if (!isAppError(error, "LOG_RANGE_TOO_LARGE") || to === from) throw error;
      page = Math.max(1, Math.floor(page / 2));
    }
  }
  return found;
}
