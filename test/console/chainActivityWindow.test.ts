import { describe, expect, it } from "vitest";
import { ChainActivityWindow } from "../../lib/console/chainActivityWindow.js";
import type { BlockActivity, ChainActivity } from "../../lib/ports/console.js";

/** A chain of 2-second blocks from `start` (seconds), with the reads the window made. */
function fakeChain(startInSeconds: number) {
  let head = 0;
  const reads: [number, number][] = [];
  const activity: ChainActivity = {
    head: async () => head,
    blocks: async (from, to) => {
      reads.push([from, to]);
      const blocks: BlockActivity[] = [];
      for (let n = from; n <= to; n++)
        blocks.push({ number: n, timestamp: startInSeconds + 2 * n, transactions: 1, records: 3 });
      return blocks;
    },
    members: async () => [],
  };
  return { activity, reads, setHead: (n: number) => (head = n) };
}

const options = { windowInMs: 30 * 60_000, maxBlocksPerRefresh: 120, maxBlocks: 3_600, minIntervalInMs: 2_000 };

describe("ChainActivityWindow.refresh", () => {
  it("fills the window a bounded number of blocks per refresh, then reads only new blocks", async () => {
    const chain = fakeChain(1_000_000);
    const window = new ChainActivityWindow(chain.activity, { ...options, minIntervalInMs: 0 });
    chain.setHead(5_000);
    const at = (n: number) => new Date((1_000_000 + 2 * n) * 1000);
    let blocks: BlockActivity[] = [];
    for (let i = 0; i < 10; i++) blocks = await window.refresh(at(5_000));
    for (const [from, to] of chain.reads) expect(to - from + 1).toBeLessThanOrEqual(120);
    expect(blocks.at(-1)?.number).toBe(5_000);
    expect(blocks[0]?.number).toBe(5_000 - 900);
    chain.reads.length = 0;
    chain.setHead(5_002);
    blocks = await window.refresh(new Date(at(5_002).getTime() + 60_000));
    expect(chain.reads).toEqual([[5_001, 5_002]]);
    expect(blocks.at(-1)?.number).toBe(5_002);
  });

  it("shares one read between refreshes closer than the interval", async () => {
    const chain = fakeChain(1_000_000);
    const window = new ChainActivityWindow(chain.activity, options);
    chain.setHead(10);
    const now = new Date((1_000_000 + 20) * 1000);
    await Promise.all([window.refresh(now), window.refresh(new Date(now.getTime() + 500))]);
    expect(chain.reads).toEqual([[0, 10]]);
  });
});
