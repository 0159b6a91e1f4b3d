// RFC 3339 instants as a credit update carries them (`asOf`), parsed to epoch milliseconds by hand: Date.parse
// refuses leap seconds (NaN) and accepts shapes RFC 3339 does not, and a record's on-chain `asOf` (uint64 ms) must be
// exactly the instant the bank meant.

/** The accepted shape: date, `T`, time with 0–9 fraction digits, `Z` or a `±hh:mm` offset (the published pattern). */
export const INSTANT_PATTERN =
  "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";

/** What a malformed instant is told. */
export const INSTANT_MESSAGE = "must be an RFC 3339 instant like 2026-01-31T12:00:00Z or 2026-01-31T13:00:00+01:00";

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MS_PER_MINUTE = 60_000;

/** An instant's milliseconds since the epoch, or why the text is not an instant. */
export type InstantResult = { ok: true; millis: number } | { ok: false; message: string };

/**
 * Parses an RFC 3339 instant. Fractions below a millisecond are truncated; a leap second (`23:59:60` UTC) counts as
 * the last millisecond of its minute, so it still sorts after every earlier instant and before the next day.
 */
export function parseInstant(text: string): InstantResult {
  const match = SHAPE.exec(text);
  if (!match) return { ok: false, message: INSTANT_MESSAGE };
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[] as Six;
  const offsetSign = match[8] === "-" ? -1 : 1;
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: "is not a calendar date" };
  }
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) {
    return { ok: false, message: "has an hour, minute, second or offset out of range" };
  }
  const offsetMs = offsetSign * (offsetHours * 60 + offsetMinutes) * MS_PER_MINUTE;
  const minuteStart = utcMillis(year, month, day, hour, minute) - offsetMs;
  if (second === 60) {
    const utcMinuteOfDay = (((minuteStart / MS_PER_MINUTE) % 1440) + 1440) % 1440;
    if (utcMinuteOfDay !== 1439) return { ok: false, message: "has a leap second outside 23:59 UTC" };
    return { ok: true, millis: minuteStart + 59_999 };
  }
  const fractionMs = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  return { ok: true, millis: minuteStart + second * 1000 + fractionMs };
}

type Six = [number, number, number, number, number, number];

function utcMillis(year: number, month: number, day: number, hour: number, minute: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, 0, 0);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
}
