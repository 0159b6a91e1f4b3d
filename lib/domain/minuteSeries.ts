// Per-minute time series for the console: UTC minute keys (`yyyyMMddHHmm`, which sort as time does) and the sum
// of keyed counts per minute over a window, every minute present (zeros where nothing happened).

/** The key of the UTC minute holding `at`. */
export function minuteKey(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/[-T:]/g, "");
}

/** The start of the minute a key names. */
export function minuteStart(key: string): Date {
  const [y, mo, d, h, mi] = [0, 4, 6, 8, 10].map((i, n) => Number(key.slice(i, i + (n === 0 ? 4 : 2))));
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0));
}

/** The keys of the `minutes` minutes up to and including the one holding `now`, oldest first. */
export function minutesUpTo(now: Date, minutes: number): string[] {
  const last = Math.floor(now.getTime() / 60_000);
  return Array.from({ length: minutes }, (_, i) => minuteKey(new Date((last - minutes + 1 + i) * 60_000)));
}

/** One minute of summed counts. */
export interface MinuteCounts {
  minute: string;
  counts: Record<string, number>;
}

/** Sums `rows` into each minute of `minutes` (rows of other minutes are ignored). */
export function sumPerMinute(
  minutes: readonly string[],
  rows: readonly { minute: string; counts: Record<string, number> }[],
): MinuteCounts[] {
  const byMinute = new Map(minutes.map((minute) => [minute, {} as Record<string, number>]));
  for (const row of rows) {
    const counts = byMinute.get(row.minute);
    if (!counts) continue;
    for (const [name, n] of Object.entries(row.counts)) counts[name] = (counts[name] ?? 0) + n;
  }
  return minutes.map((minute) => ({ minute, counts: byMinute.get(minute) ?? {} }));
}
