import { describe, expect, it } from "vitest";
import {
  bucketOf,
  histogramOf,
  mergeHistograms,
  percentileInMs,
  upperBoundInMs,
} from "../../lib/domain/latencyHistogram.js";

describe("bucketOf", () => {
  it("puts a latency in the first bucket whose upper bound holds it", () => {
    for (const latency of [1, 100, 101, 2_000, 9_999, 123_456]) {
      const bucket = bucketOf(latency);
      expect(upperBoundInMs(bucket)).toBeGreaterThanOrEqual(latency);
      if (bucket > 0) expect(upperBoundInMs(bucket - 1)).toBeLessThan(latency);
    }
  });
});

describe("percentileInMs", () => {
  it("answers null for no samples", () => {
    expect(percentileInMs({}, 0.5)).toBeNull();
  });

  it("reads p50 and p99 within one bucket (25%) of the samples' own", () => {
    const samples = Array.from({ length: 1_000 }, (_, i) => 1_000 + i * 10);
    const histogram = mergeHistograms([histogramOf(samples.slice(0, 400)), histogramOf(samples.slice(400))]);
    const p50 = percentileInMs(histogram, 0.5) ?? 0;
    const p99 = percentileInMs(histogram, 0.99) ?? 0;
    expect(p50).toBeGreaterThanOrEqual(5_990);
    expect(p50).toBeLessThan(5_990 * 1.25);
    expect(p99).toBeGreaterThanOrEqual(10_890);
    expect(p99).toBeLessThan(10_890 * 1.25);
  });
});
