import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayInMs, uniform01 } from "../../lib/domain/retrySchedule.js";

describe("retryDelayInMs", () => {
  it.each([
    [0, 0.5, undefined, 5_000],
    [1, 0.5, undefined, 300_000],
    [6, 0.5, undefined, 36_000_000],
    [7, 0.5, undefined, null],
    [0, 0, undefined, 4_000],
    [0, 0.999999, undefined, 6_000],
    [0, 0.5, 60, 60_000],
    [1, 0.5, 1, 300_000],
    [0, 0.5, 999_999, 86_400_000],
  ])("retry %i with random %f and Retry-After %s waits %s ms", (index, random, retryAfter, expected) => {
    expect(
      retryDelayInMs(DEFAULT_RETRY_POLICY, { retryIndex: index, random01: random, retryAfterInSeconds: retryAfter }),
    ).toBe(expected);
  });

  it("compresses the schedule by the scale setting", () => {
    expect(retryDelayInMs({ ...DEFAULT_RETRY_POLICY, scale: 0.001 }, { retryIndex: 1, random01: 0.5 })).toBe(300);
  });
});

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-22T10:00:00Z");
  it.each([
    ["120", 120],
    ["Sun, 22 Nov 2026 10:01:00 GMT", 60],
    ["garbage", undefined],
    [null, undefined],
  ])("%s → %s", (header, expected) => expect(parseRetryAfter(header, now)).toBe(expected));
});

describe("uniform01", () => {
  it("maps 4 bytes to [0, 1)", () => {
    expect(uniform01("0x00000000")).toBe(0);
    expect(uniform01("0xffffffff")).toBeLessThan(1);
  });
});
