// The stream of messages a soak offers one bank, drawn from a seeded generator: mostly realistic updates
// (generateUpdates), with exact resends, updates older than their subject's last one (out-of-order `asOf`),
// unusual-but-valid updates, resends that reuse an earlier update's id with other content, and malformed messages.
// Each message carries what the audit must expect of it.
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { DEFAULT_SCORE_RANGE, generateUpdates } from "../bank/generateUpdates.js";
import { seededRandom, type Random } from "../bank/random.js";
import { malformedMessage, unusualUpdate } from "./oddMessages.js";

/** What the audit expects of a message. */
export type Expectation =
  /** A valid update: exactly one final result (scope "update"). */
  | { kind: "update"; update: CreditUpdate }
  /** The same id and content again: nothing new. */
  | { kind: "resend"; updateId: string }
  /** Another update under a used id: at most one "conflict" answer; the original is untouched. */
  | { kind: "conflict"; updateId: string; originalSentAt: number }
  /** Exactly one rejection (scope "message") naming `field`. */
  | { kind: "malformed"; field: string };

/** One message to send. */
export interface OfferedMessage {
  messageId: string;
  body: unknown;
  /** What kind of message it is, for the report (`fresh`, `resend`, `out-of-order`, `leap-second`, …). */
  label: string;
  expect: Expectation;
}

/** Shares of each kind of message; the rest are fresh generated updates. */
export const MIX = { resend: 0.03, outOfOrder: 0.04, unusual: 0.03, malformed: 0.03, conflict: 0.005 };

const RECENT = 2_000;
/** A resend that reuses an id comes this long after the original, so the original is the update stored. */
const CONFLICT_AFTER_IN_MS = 20_000;

/** A seeded message stream for `bank`; `sentAt(updateId)` tells it when an earlier update was sent. */
export function messageMix(bank: string, seed: string, sentAt: (updateId: string) => number | undefined) {
  const random = seededRandom(`${seed}/${bank}/mix`);
  const runTag = `s${random.chars(5, "0123456789abcdefghijklmnopqrstuvwxyz")}`;
  const recent: CreditUpdate[] = [];
  const conflicted = new Set<string>();
  let generated: CreditUpdate[] = [];
  let chunk = 0;
  let odd = 0;
  const fresh = (): CreditUpdate => {
    if (generated.length === 0) {
      chunk++;
      generated = generateUpdates(1_000, { bank, seed: `${seed}/${bank}/${chunk}`, runTag: `${runTag}-${chunk}` });
    }
    return generated.shift() as CreditUpdate;
  };
  const remember = (update: CreditUpdate) => {
    recent.push(update);
    if (recent.length > RECENT) recent.shift();
  };
  const valid = (update: CreditUpdate, label: string): OfferedMessage => {
    remember(update);
    return { messageId: update.updateId, body: update, label, expect: { kind: "update", update } };
  };
  return (): OfferedMessage => {
    const roll = random.next();
    let bound = 0;
    const within = (share: number) => roll < (bound += share);
    if (within(MIX.resend) && recent.length > 0) return resend(random.pick(recent));
    if (within(MIX.outOfOrder) && recent.length > 0) {
      return valid(olderThan(random, random.pick(recent), `${bank}/${runTag}/ooo-${++odd}`), "out-of-order");
    }
    if (within(MIX.unusual)) {
      const { label, update } = unusualUpdate(random, fresh(), DEFAULT_SCORE_RANGE);
      return valid(update, label);
    }
    if (within(MIX.malformed)) {
      const bad = malformedMessage(random, fresh(), `${bank}/${runTag}`, ++odd);
      return { ...bad, label: `malformed:${bad.label}`, expect: { kind: "malformed", field: bad.field } };
    }
    if (within(MIX.conflict)) {
      const original = recent.find(
        (u) => !conflicted.has(u.updateId) && Date.now() - (sentAt(u.updateId) ?? Infinity) > CONFLICT_AFTER_IN_MS,
      );
      if (original) {
        conflicted.add(original.updateId);
        return conflict(random, original, sentAt(original.updateId) ?? 0);
      }
    }
    return valid(fresh(), "fresh");
  };
}

function resend(update: CreditUpdate): OfferedMessage {
  return {
    messageId: update.updateId,
    body: update,
    label: "resend",
    expect: { kind: "resend", updateId: update.updateId },
  };
}

function conflict(random: Random, original: CreditUpdate, originalSentAt: number): OfferedMessage {
  const { min, max } = DEFAULT_SCORE_RANGE;
  const score = original.score === max ? min : Math.min(max, original.score + random.int(1, 50));
  return {
    messageId: original.updateId,
    body: { ...original, score },
    label: "conflict",
    expect: { kind: "conflict", updateId: original.updateId, originalSentAt },
  };
}

/** A new update for `update`'s subject, up to a minute older than it. */
function olderThan(random: Random, update: CreditUpdate, updateId: string): CreditUpdate {
  const asOf = new Date(asOfMillis(update.asOf) - random.int(1, 60_000)).toISOString();
  return { ...update, updateId, asOf, score: random.int(DEFAULT_SCORE_RANGE.min, DEFAULT_SCORE_RANGE.max) };
}

/** `asOf` in epoch milliseconds as the registry stores it: fraction truncated, a leap second as .999 of its minute. */
export function asOfMillis(asOf: string): number {
  const leap = asOf.replace(/:60(\.\d+)?(?=Z|[+-]\d\d:\d\d$)/i, ":59.999");
  const truncated = leap.replace(/\.(\d{3})\d+/, ".$1");
  return Date.parse(truncated);
}
