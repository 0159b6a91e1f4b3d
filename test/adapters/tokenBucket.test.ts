import { describe, expect, it } from "vitest";
import { KEY_VAULT_RATE_LIMIT, TokenBucket } from "../../lib/adapters/keyvault/tokenBucket.js";

const sleep = (durationInMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, durationInMs));

/** Runs `count` calls at once, each taking `durationInMs(i)`; returns when each call started and ended. */
async function runCalls(
  bucket: TokenBucket,
  count: number,
  durationInMs: (i: number) => number,
): Promise<{ start: number; end: number }[]> {
  const calls: { start: number; end: number }[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      bucket.use(async () => {
        const start = performance.now();
        await sleep(durationInMs(i));
        calls.push({ start, end: performance.now() });
      }),
    ),
  );
  return calls.sort((a, b) => a.start - b.start);
}

describe("TokenBucket", () => {
  it("never starts more than `operations` calls in any window", async () => {
    const bucket = new TokenBucket({ operations: 5, windowInMs: 150 });
    const starts = (await runCalls(bucket, 17, () => 5)).map((call) => call.start);
    for (let i = 0; i + 5 < starts.length; i += 1) {
      // 1 ms of slack for timer granularity.
      expect((starts[i + 5] ?? 0) - (starts[i] ?? 0)).toBeGreaterThanOrEqual(149);
    }
    expect((starts[16] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(3 * 149);
  });

  it("returns a token one window after its call completed, so slow calls cannot bunch up at the service", async () => {
    const bucket = new TokenBucket({ operations: 2, windowInMs: 100 });
    const calls = await runCalls(bucket, 4, (i) => (i < 2 ? 200 : 1));
    const firstEnd = Math.min(calls[0]?.end ?? 0, calls[1]?.end ?? 0);
    expect((calls[2]?.start ?? 0) - firstEnd).toBeGreaterThanOrEqual(99);
  });

  it("starts the first `operations` calls without waiting and releases tokens when a call fails", async () => {
    const bucket = new TokenBucket({ operations: 50, windowInMs: 60_000 });
    const started = performance.now();
    await runCalls(bucket, 49, () => 0);
    await expect(bucket.use(() => Promise.reject(new Error("failed")))).rejects.toThrow("failed");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(bucket.waitInMs()).toBeGreaterThan(50_000);
    expect(bucket.waitInMs()).toBeLessThanOrEqual(60_000);
  });

  it("serves waiters in the order they asked", async () => {
    const bucket = new TokenBucket({ operations: 1, windowInMs: 20 });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.use(async () => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("defaults to Key Vault's 2,000 operations per 10 seconds and rejects nonsense options", () => {
    const bucket = new TokenBucket();
    expect({ operations: bucket.operations, windowInMs: bucket.windowInMs }).toEqual(KEY_VAULT_RATE_LIMIT);
    expect(KEY_VAULT_RATE_LIMIT).toEqual({ operations: 2_000, windowInMs: 10_000 });
    expect(() => new TokenBucket({ operations: 0, windowInMs: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ operations: 1, windowInMs: 0 })).toThrow(RangeError);
  });
});
