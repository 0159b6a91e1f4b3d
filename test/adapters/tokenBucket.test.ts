import { describe, expect, it } from "vitest";
import { KEY_VAULT_RATE_LIMIT, TokenBucket } from "../../lib/adapters/tokenBucket.js";

/** Takes `count` tokens at once and returns when each was granted, in grant order. */
async function grantTimes(bucket: TokenBucket, count: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(Array.from({ length: count }, () => bucket.take().then(() => times.push(performance.now()))));
  return times;
}

describe("TokenBucket", () => {
  it("never grants more than `operations` tokens in any window", async () => {
    const bucket = new TokenBucket({ operations: 5, windowInMs: 150 });
    const times = await grantTimes(bucket, 17);
    for (let i = 0; i + 5 < times.length; i += 1) {
      // Each grant is at least one window after the grant `operations` places before it (1 ms timer slack).
      expect((times[i + 5] ?? 0) - (times[i] ?? 0)).toBeGreaterThanOrEqual(149);
    }
    expect((times[16] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3 * 149);
  });

  it("grants the first `operations` tokens without waiting", async () => {
    const bucket = new TokenBucket({ operations: 50, windowInMs: 60_000 });
    const started = performance.now();
    await grantTimes(bucket, 50);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(bucket.waitInMs()).toBeGreaterThan(50_000);
  });

  it("serves waiters in the order they asked", async () => {
    const bucket = new TokenBucket({ operations: 1, windowInMs: 20 });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
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
