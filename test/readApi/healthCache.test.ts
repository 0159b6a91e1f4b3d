import { describe, expect, it } from "vitest";
import type { HealthReport } from "../../lib/readApi/getHealth.js";
import { HealthCache } from "../../lib/readApi/healthCache.js";

const report: HealthReport = {
  status: "ok",
  canWrite: true,
  httpStatus: 200,
  chain: { highestBlock: 1, endpoints: [] },
  dependencies: [],
};

describe("HealthCache", () => {
  it("checks once for concurrent callers and again only once the result is older than the TTL", async () => {
    const cache = new HealthCache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 10));
      return report;
    };
    const at = (ms: number) => ({ ttlInMs: 10_000, now: new Date(1_000_000 + ms) });
    await Promise.all(Array.from({ length: 50 }, () => cache.get(load, at(0))));
    expect(loads).toBe(1);
    expect((await cache.get(load, at(9_999))).checkedAt).toEqual(new Date(1_000_000));
    expect(loads).toBe(1);
    expect((await cache.get(load, at(10_000))).checkedAt).toEqual(new Date(1_010_000));
    expect(loads).toBe(2);
  });

  it("does not keep a failed check: the next caller checks again", async () => {
    const cache = new HealthCache();
    const now = { ttlInMs: 10_000, now: new Date() };
    await expect(cache.get(() => Promise.reject(new Error("boom")), now)).rejects.toThrow("boom");
    expect((await cache.get(async () => report, now)).report).toBe(report);
  });
});
