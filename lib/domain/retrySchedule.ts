// When a failed delivery is tried again: a fixed schedule (Svix's, by default) scaled by a setting for local runs,
// ±jitter so that retries of one outage do not arrive together, and a receiver's `Retry-After` honoured within a
// bound (never sooner than the schedule, never later than the configured ceiling).

/** Delays before retries 1…7, in seconds: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts over ~27.6 h). */
export const DEFAULT_RETRY_SCHEDULE_IN_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** How retries are spaced. */
export interface RetryPolicy {
  scheduleInSeconds: readonly number[];
  /** Multiplies every delay (1 in production; e.g. 0.001 for local runs). */
  scale: number;
  /** Relative jitter, 0.2 = ±20 %. */
  jitterRatio: number;
  /** Ceiling for a receiver's Retry-After, in seconds (unscaled). */
  maxRetryAfterInSeconds: number;
}

/** The default policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  scheduleInSeconds: DEFAULT_RETRY_SCHEDULE_IN_SECONDS,
  scale: 1,
  jitterRatio: 0.2,
  maxRetryAfterInSeconds: 86_400,
};

/** Which retry to time: `retryIndex` 0 is the first; `random01` in [0, 1) picks the jitter. */
export interface RetryTiming {
  retryIndex: number;
  random01: number;
  retryAfterInSeconds?: number;
}

/** The delay before a retry, or null when the schedule is exhausted. */
export function retryDelayInMs(policy: RetryPolicy, timing: RetryTiming): number | null {
  const { retryIndex, random01, retryAfterInSeconds } = timing;
  const base = policy.scheduleInSeconds[retryIndex];
  if (base === undefined) return null;
  const jitter = 1 + policy.jitterRatio * (2 * random01 - 1);
  const scheduled = Math.round(base * 1000 * policy.scale * jitter);
  if (retryAfterInSeconds === undefined || !(retryAfterInSeconds > 0)) return scheduled;
  const asked = Math.min(retryAfterInSeconds, policy.maxRetryAfterInSeconds) * 1000;
  return Math.max(scheduled, Math.round(asked));
}

/** Parses a `Retry-After` header (delta seconds or an HTTP date) into seconds from `now`. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now.getTime()) / 1000);
}

/** A uniform number in [0, 1) from at least 4 random bytes given as 0x-hex. */
export function uniform01(randomHex: string): number {
  return parseInt(randomHex.replace(/^0x/, "").slice(0, 8), 16) / 2 ** 32;
}
