// The chain watcher step: reads webhook events (readChainEvents) after the persisted checkpoint of the contract, only from
// blocks at or below the confirmation depth, in pages that halve when a node refuses the range, indexes each page
// and fans it out (each in a few batch writes), then advances the checkpoint with the hash of the page's last
// block. A step first checks that hash is still canonical and, after a reorg, reads the recent blocks again.
// Fan-out is idempotent (a record's webhook id survives re-inclusion), so a replay queues nothing twice.
import type { CheckpointStore, RecordIndex } from "../ports/distribution.js";
import { watcherCheckpointKey } from "../domain/distributionKeys.js";
import { recordEventsOf } from "../domain/webhookEvents.js";
import type { Ledger } from "../ports/ledger.js";
import { fanOutEvents, type FanOutDeps } from "./fanOutEvents.js";
import { readEventPage } from "./readChainEvents.js";

/** What the watcher needs. */
export interface WatchChainDeps extends FanOutDeps {
  ledger: Pick<Ledger, "contractAddress" | "blockNumber" | "eventRange" | "blockHash">;
  checkpoints: CheckpointStore;
  index: RecordIndex;
  settings: {
    /** Blocks an event must be buried under (1 = the head is final, as with QBFT). */
    confirmations: number;
    /** Where to start when no checkpoint exists (the registry's deployment block). */
    startBlock: number;
    /** Blocks per eth_getLogs request before any halving. */
    pageSizeInBlocks: number;
    /** Most requests per step, so one step stays short. */
    maxPagesPerStep: number;
  };
}

/**
 * Blocks read again when the last processed block is no longer canonical. QBFT never reorgs; other consensus
 * reorgs a few blocks; one page of this many blocks re-read creates nothing new for events already fanned out.
 */
export const REORG_REWIND_IN_BLOCKS = 64;

/** What one step read. */
export interface WatchStep {
  fromBlock: number;
  /** The block the step would have started at, when a reorg made it start lower. */
  rewoundFrom?: number;
  /** The next block to read (the new checkpoint). */
  nextBlock: number;
  events: number;
  deliveries: number;
  /** Whether the step stopped at the safe head (false: call again). */
  caughtUp: boolean;
}

/** Runs one watcher step. */
export async function watchChain(deps: WatchChainDeps): Promise<WatchStep> {
  const key = watcherCheckpointKey(deps.ledger.contractAddress);
  const checkpoint = await deps.checkpoints.get(key);
  let version = checkpoint.version;
  const [step, head] = await Promise.all([startOfStep(deps, checkpoint), deps.ledger.blockNumber()]);
  const safeHead = head - deps.settings.confirmations + 1;
  let page = deps.settings.pageSizeInBlocks;
  for (let pages = 0; pages < deps.settings.maxPagesPerStep && step.nextBlock <= safeHead; pages++) {
    const to = Math.min(safeHead, step.nextBlock + page - 1);
    const read = await readEventPage(deps.ledger, step.nextBlock, to);
    if (read === null) {
      page = Math.max(1, Math.floor(page / 2));
      continue;
    }
    const [, created] = await Promise.all([
      deps.index.putRange({ fromBlock: step.nextBlock, toBlock: to }, recordEventsOf(read.events)),
      fanOutEvents(deps, read.events),
    ]);
    step.deliveries += created;
    step.events += read.events.length;
    version = await deps.checkpoints.set(key, { nextBlock: to + 1, blockHash: read.toBlockHash }, version);
    step.nextBlock = to + 1;
  }
  step.caughtUp = step.nextBlock > safeHead;
  return step;
}

/** Where the step starts: after the checkpoint, or {@link REORG_REWIND_IN_BLOCKS} lower when its block was reorged. */
async function startOfStep(
  deps: WatchChainDeps,
  checkpoint: { nextBlock: number | null; blockHash?: string },
): Promise<WatchStep> {
  const start = checkpoint.nextBlock ?? deps.settings.startBlock;
  const step: WatchStep = { fromBlock: start, nextBlock: start, events: 0, deliveries: 0, caughtUp: false };
  if (checkpoint.blockHash === undefined || (await deps.ledger.blockHash(start - 1)) === checkpoint.blockHash) {
    return step;
  }
  // Reorged away, or the answering node does not have it yet: reading recent blocks again is safe either way.
  const fromBlock = Math.max(deps.settings.startBlock, start - REORG_REWIND_IN_BLOCKS);
  return { ...step, fromBlock, nextBlock: fromBlock, rewoundFrom: start };
}
