// The chain watcher step: reads `RecordUpserted` events after the persisted checkpoint of the contract, only from
// blocks at or below the confirmation depth, in pages that halve when a node refuses the range, indexes each page
// and fans it out (each in a few batch writes), then advances the checkpoint. Fan-out is idempotent, so a crash
// before the checkpoint moves only replays events under the same webhook ids; none is missed.
import type { CheckpointStore, RecordIndex } from "../distributionPorts.js";
import { isAppError } from "../domain/appError.js";
import { watcherCheckpointKey } from "../domain/distributionKeys.js";
import { toChainRecordEvent, type ChainRecordEvent } from "../domain/webhook.js";
import type { Ledger } from "../ports.js";
import { fanOutEvents, type FanOutDeps } from "./fanOutEvents.js";

/** What the watcher needs. */
export interface WatchChainDeps extends FanOutDeps {
  ledger: Pick<Ledger, "contractAddress" | "blockNumber" | "recordEvents">;
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

/** What one step read. */
export interface WatchStep {
  fromBlock: number;
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
  const fromBlock = checkpoint.nextBlock ?? deps.settings.startBlock;
  const safeHead = (await deps.ledger.blockNumber()) - deps.settings.confirmations + 1;
  const step: WatchStep = { fromBlock, nextBlock: fromBlock, events: 0, deliveries: 0, caughtUp: false };
  let page = deps.settings.pageSizeInBlocks;
  for (let pages = 0; pages < deps.settings.maxPagesPerStep && step.nextBlock <= safeHead; pages++) {
    const to = Math.min(safeHead, step.nextBlock + page - 1);
    const events = await readPage(deps, step.nextBlock, to);
    if (events === null) {
      page = Math.max(1, Math.floor(page / 2));
      continue;
    }
    const [, created] = await Promise.all([
      deps.index.putRange({ fromBlock: step.nextBlock, toBlock: to }, events),
      fanOutEvents(deps, events),
    ]);
    step.deliveries += created;
    step.events += events.length;
    version = await deps.checkpoints.set(key, to + 1, version);
    step.nextBlock = to + 1;
  }
  step.caughtUp = step.nextBlock > safeHead;
  return step;
}

/** The upserted events of a range, or null when the node refuses a range this large (and it can shrink). */
async function readPage(deps: WatchChainDeps, from: number, to: number): Promise<ChainRecordEvent[] | null> {
  try {
    const events = await deps.ledger.recordEvents(from, to);
    return events.flatMap((e) => (e.kind === "upserted" ? [toChainRecordEvent(e)] : []));
  } catch (error) {
    if (isAppError(error, "LOG_RANGE_TOO_LARGE") && to > from) return null;
    throw error;
  }
}
