// The last 30 minutes of blocks, kept in the process and extended per refresh: new blocks above the newest kept,
// then older ones below the oldest until the window is full, each at most `maxBlocksPerRefresh`, so a refresh reads
// a few blocks once warm and never more than twice the cap. Refreshes closer together than `minIntervalInMs` share
// one read, however many pages are open. Memory is bounded by `maxBlocks`.
import type { BlockActivity, ChainActivity } from "../ports/console.js";

/** Options for {@link ChainActivityWindow}. */
export interface ChainActivityWindowOptions {
  windowInMs: number;
  maxBlocksPerRefresh: number;
  maxBlocks: number;
  minIntervalInMs: number;
}

/** A sliding window of block activity. */
export class ChainActivityWindow {
  private blocks: BlockActivity[] = [];
  private last: { atInMs: number; read: Promise<BlockActivity[]> } | undefined;

  constructor(
    private readonly activity: ChainActivity,
    private readonly options: ChainActivityWindowOptions,
  ) {}

  /** The blocks of the window, ascending, read at most once per `minIntervalInMs`. */
  refresh(now: Date): Promise<BlockActivity[]> {
    if (this.last && now.getTime() - this.last.atInMs < this.options.minIntervalInMs) return this.last.read;
    const read = this.extend(now).catch((error: unknown) => {
      this.last = undefined;
      throw error;
    });
    this.last = { atInMs: now.getTime(), read };
    return read;
  }

  private async extend(now: Date): Promise<BlockActivity[]> {
    const { maxBlocksPerRefresh: cap, windowInMs, maxBlocks } = this.options;
    const head = await this.activity.head();
    const newest = this.blocks.at(-1)?.number;
    // A head below the newest kept (a node behind, or a reorg on a dev chain) starts the window again.
    if (newest !== undefined && head < newest) this.blocks = [];
    const from = Math.max((this.blocks.at(-1)?.number ?? head - cap) + 1, head - cap + 1, 0);
    const above = await this.activity.blocks(from, head);
    if (above[0] && this.blocks.at(-1) && above[0].number !== (this.blocks.at(-1)?.number ?? 0) + 1) this.blocks = [];
    this.blocks.push(...above);
    const cutoffInSeconds = (now.getTime() - windowInMs) / 1000;
    const oldest = this.blocks[0];
    if (oldest && oldest.number > 0 && oldest.timestamp > cutoffInSeconds) {
      const below = await this.activity.blocks(Math.max(0, oldest.number - cap), oldest.number - 1);
      this.blocks.unshift(...below);
    }
    this.blocks = this.blocks.filter((b) => b.timestamp >= cutoffInSeconds).slice(-maxBlocks);
    return [...this.blocks];
  }
}
