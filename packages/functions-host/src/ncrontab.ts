// Timer schedules as the Functions host reads them: six-field NCRONTAB (`sec min hour day month day-of-week`, with
// lists, ranges, steps and month/day names; day and day-of-week must both match) evaluated in UTC, or a TimeSpan
// interval (`hh:mm:ss`).
import { parseTimeSpan } from "./settings.js";

/** A parsed schedule. */
export interface Schedule {
  /** The first occurrence strictly after `after` (ms since epoch). */
  next(after: number): number;
  readonly text: string;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function parseField(text: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const index = names?.indexOf(token.toLowerCase().slice(0, 3)) ?? -1;
    const n = index >= 0 && /^[a-z]/i.test(token) ? index + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`'${token}' is out of range ${min}-${max}`);
    return n;
  };
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw new Error(`Invalid step in '${part}'`);
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [min, max];
    else if (range.includes("-")) [from, to] = range.split("-").map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

/** Parses a six-field NCRONTAB expression or a TimeSpan interval. */
export function parseSchedule(text: string): Schedule {
  const interval = parseTimeSpan(text);
  if (interval !== undefined) {
    if (interval <= 0) throw new Error(`Invalid interval schedule '${text}'`);
    return { text, next: (after) => after + interval };
  }
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`The schedule expression '${text}' must have six fields (NCRONTAB)`);
  const [sec, min, hour, day, month, dow] = fields as [string, string, string, string, string, string];
  const seconds = parseField(sec, 0, 59);
  const minutes = parseField(min, 0, 59);
  const hours = parseField(hour, 0, 23);
  const days = parseField(day, 1, 31);
  const months = parseField(month, 1, 12, MONTHS, 1);
  const weekdays = parseField(dow, 0, 7, DAYS);
  if (weekdays.has(7)) weekdays.add(0);
  return {
    text,
    next(after) {
      const t = new Date(Math.floor(after / 1000) * 1000 + 1000);
      const limit = after + 5 * 366 * 86_400_000;
      while (t.getTime() <= limit) {
        if (!months.has(t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0);
        } else if (!days.has(t.getUTCDate()) || !weekdays.has(t.getUTCDay())) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0);
        } else if (!hours.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0);
        } else if (!minutes.has(t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1, 0);
        } else if (!seconds.has(t.getUTCSeconds())) {
          t.setUTCSeconds(t.getUTCSeconds() + 1);
        } else {
          return t.getTime();
        }
      }
      throw new Error(`The schedule '${text}' never occurs`);
    },
  };
}
