// A latency histogram small enough to store in one table column: logarithmic buckets (each 25% wider than the
// one before, from 100 ms), kept sparse, mergeable across rows, read back as percentiles (a bucket's upper bound).

/** Bucket index → how many samples fell in it. */
export type LatencyHistogram = Record<string, number>;

const FIRST_BOUND_IN_MS = 100;
const GROWTH = 1.25;
const LAST_BUCKET = 60;

/** The bucket of a latency: the first whose upper bound is at least `latencyInMs`. */
export function bucketOf(latencyInMs: number): number {
  if (!(latencyInMs > FIRST_BOUND_IN_MS)) return 0;
  const index = Math.ceil(Math.log(latencyInMs / FIRST_BOUND_IN_MS) / Math.log(GROWTH) - 1e-9);
  return Math.min(index, LAST_BUCKET);
}

/** The upper bound of a bucket, in milliseconds. */
export function upperBoundInMs(bucket: number): number {
  return Math.round(FIRST_BOUND_IN_MS * GROWTH ** bucket);
}

/** A histogram of the samples. */
export function histogramOf(latenciesInMs: readonly number[]): LatencyHistogram {
  const histogram: LatencyHistogram = {};
  for (const latency of latenciesInMs) {
    const bucket = String(bucketOf(latency));
    histogram[bucket] = (histogram[bucket] ?? 0) + 1;
  }
  return histogram;
}

/** The sum of the histograms. */
export function mergeHistograms(histograms: readonly LatencyHistogram[]): LatencyHistogram {
  const merged: LatencyHistogram = {};
  for (const histogram of histograms) {
    for (const [bucket, count] of Object.entries(histogram)) merged[bucket] = (merged[bucket] ?? 0) + count;
  }
  return merged;
}

/** The `quantile` (0–1) as the upper bound of its bucket; null for an empty histogram. */
export function percentileInMs(histogram: LatencyHistogram, quantile: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(quantile * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return upperBoundInMs(bucket);
  }
  return null;
}
