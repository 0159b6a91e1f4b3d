// Generates realistic credit updates for one bank: subjects across schemes and countries with valid ids, scores
// in range, a share of updates to subjects seen earlier in the same run, strictly increasing `asOf` ending before
// now, and unique update ids `<bank>/<yyyy-mm-dd>/<run>/<nnnnnn>`.
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { normaliseSubject, type Subject } from "../../lib/domain/subject.js";
import { seededRandom, type Random } from "./random.js";
import { randomSubject } from "./subjectIds.js";

/** Options of {@link generateUpdates}. */
export interface GenerateUpdatesOptions {
  /** Issuing bank; the first segment of every update id. */
  bank: string;
  /** Share of updates (0–1) to a subject an earlier update of this run already had. Default 0.2. */
  repeatShare?: number;
  /** Scores are drawn from this range (bell-shaped). Default 300–850. */
  scoreRange?: { min: number; max: number };
  /** Seed for a reproducible run (ids, subjects, scores). Default: random. */
  seed?: string | number;
  /** Run segment of the update ids; default 6 characters derived from the seed, so reruns with a new seed differ. */
  runTag?: string;
  /** The last `asOf` lies just before this instant. Default: now. */
  now?: Date;
  /** Mean spacing of consecutive `asOf` values. Default 1000 ms. */
  asOfStepInMs?: number;
}

const SCHEME_WEIGHTS: readonly [Subject["scheme"], number][] = [
  ["national-id", 0.55],
  ["tax-id", 0.2],
  ["passport", 0.1],
  ["lei", 0.15],
];
/** Scores are drawn from this range unless the options give one. */
export const DEFAULT_SCORE_RANGE: { readonly min: number; readonly max: number } = { min: 300, max: 850 };
const PERSON_MODELS = ["FICO8", "VantageScore4", "UC-Risk3", "Schufa-Q3"];
const COMPANY_MODELS = ["DnB-PAYDEX", "CreditSafe2"];
const PERSON_PRODUCTS = ["mortgage", "credit-card", "auto-loan", "personal-loan", "overdraft"];
const COMPANY_PRODUCTS = ["credit-line", "invoice-finance", "leasing", "term-loan"];
const REASON_CODES = ["LATE_PAYMENT", "HIGH_UTILISATION", "NEW_CREDIT", "MANY_INQUIRIES", "SHORT_HISTORY", "DEFAULT"];

/** `count` valid credit updates (see {@link GenerateUpdatesOptions}); the same seed gives the same updates. */
export function generateUpdates(count: number, options: GenerateUpdatesOptions): CreditUpdate[] {
  const random = seededRandom(options.seed ?? `${Date.now()}-${Math.random()}`);
  const runTag = options.runTag ?? random.chars(6, "0123456789abcdefghijklmnopqrstuvwxyz");
  const now = (options.now ?? new Date()).getTime();
  const step = options.asOfStepInMs ?? 1000;
  const day = new Date(now).toISOString().slice(0, 10);
  const picker = repeatPicker(random, count, options.repeatShare ?? 0.2);
  const seen: Subject[] = [];
  const keys = new Set<string>();
  const updates: CreditUpdate[] = [];
  for (let i = 0; i < count; i++) {
    const subject = picker.repeat(i) ? random.pick(seen) : freshSubject(random, keys);
    if (!picker.repeat(i)) seen.push(subject);
    const asOf = now - (count - i) * step + random.int(0, step - 1);
    const updateId = `${options.bank}/${day}/${runTag}/${pad(i + 1)}`;
    updates.push(update(random, { subject, asOfMs: asOf, updateId }, options.scoreRange));
  }
  return updates;
}

/** Decides exactly `round(share × (count − 1))` repeats, spread at random over the updates after the first. */
function repeatPicker(random: Random, count: number, share: number): { repeat(i: number): boolean } {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`repeatShare must lie between 0 and 1, got ${share}`);
  const decided: boolean[] = [false];
  let left = Math.round(share * Math.max(count - 1, 0));
  for (let i = 1; i < count; i++) {
    decided.push(random.next() * (count - i) < left);
    if (decided[i]) left--;
  }
  return { repeat: (i) => decided[i] === true };
}

function freshSubject(random: Random, keys: Set<string>): Subject {
  for (;;) {
    const subject = randomSubject(random, weightedScheme(random));
    const normal = normaliseSubject(subject);
    if (!normal.ok) throw new Error(`generated an invalid ${subject.scheme} id: ${normal.idError}`);
    const key = `${normal.subject.scheme}|${normal.subject.country}|${normal.subject.id}`;
    if (keys.has(key)) continue;
    keys.add(key);
    return subject;
  }
}

function weightedScheme(random: Random): Subject["scheme"] {
  let roll = random.next();
  for (const [scheme, weight] of SCHEME_WEIGHTS) if ((roll -= weight) < 0) return scheme;
  return "national-id";
}

function update(
  random: Random,
  { subject, asOfMs, updateId }: { subject: Subject; asOfMs: number; updateId: string },
  scoreRange: { min: number; max: number } = DEFAULT_SCORE_RANGE,
): CreditUpdate {
  const company = subject.scheme === "lei";
  const { min, max } = scoreRange;
  const bell = (random.next() + random.next() + random.next()) / 3;
  const reasons = new Set(Array.from({ length: random.int(0, 2) }, () => random.pick(REASON_CODES)));
  return {
    schemaVersion: 1,
    updateId,
    subject,
    score: Math.round(min + bell * (max - min)),
    scoreModel: random.pick(company ? COMPANY_MODELS : PERSON_MODELS),
    asOf: new Date(asOfMs).toISOString(),
    reasonCodes: [...reasons],
    attributes: {
      product: random.pick(company ? COMPANY_PRODUCTS : PERSON_PRODUCTS),
      limit: random.int(1, 500) * 1000,
    },
  };
}

function pad(n: number): string {
  return String(n).padStart(6, "0");
}
