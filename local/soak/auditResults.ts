// The audit of what every bank sent against what it got back and what the chain holds: each valid update has exactly
// one final result (scope "update") and the chain agrees with it, each malformed message exactly one rejection
// (scope "message") naming its field, a reused id at most one "conflict" answer, and every record a bank's key wrote
// is one of its confirmed updates or a foreign write the soak made. Reads only the queues' results and the chain.
import { keccak256, toUtf8Bytes } from "ethers";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { normaliseSubject, subjectKey } from "../../lib/domain/subject.js";
import type { UpdateResult } from "../../lib/ports/submission.js";
import type { ForeignWrite } from "./chainFaults.js";
import type { ChainView, RegistryEvent } from "./chainView.js";
import type { SentMessage } from "./loadGenerator.js";
import { asOfMillis } from "./messageMix.js";
import type { ObservedResult } from "./resultsObserver.js";

/** One broken promise, with the id to look up. */
export interface Violation {
  check: string;
  id: string;
  detail: string;
}

/** What the results audit reads. */
export interface ResultsAuditInput {
  sent: readonly SentMessage[];
  results: readonly ObservedResult[];
  chain: ChainView;
  addresses: ReadonlyMap<string, string>;
  subjectKeySecret: Uint8Array;
  foreignWrites: readonly ForeignWrite[];
}

/** The verdicts, and per update its final status and when the bank got it (for the report's timings). */
export interface ResultsAudit {
  violations: Violation[];
  finals: Map<string, { bank: string; status: string; at: number; sentAt: number }>;
  /** Answers to malformed messages, by message id: when they arrived. */
  answers: Map<string, { bank: string; at: number; sentAt: number }>;
  byStatus: Record<string, number>;
}

const FINAL = new Set(["confirmed", "superseded", "rejected", "failed"]);
const DUPLICATE_WINDOW_IN_MS = 10 * 60_000;
const NAMES_A_FIELD = /^[^\s:]+: /;

/** Runs every check on the results and the chain. */
export function auditResults(input: ResultsAuditInput): ResultsAudit {
  const violations: Violation[] = [];
  const flag = (check: string, id: string, detail: string) => violations.push({ check, id, detail });
  const updateResults = group(
    input.results.filter((r) => scopeOf(r.result) === "update"),
    (r) => r.result.updateId,
  );
  const messageResults = group(
    input.results.filter((r) => scopeOf(r.result) === "message"),
    messageIdOf,
  );
  const upserts = group(
    input.chain.events.filter((e) => e.name === "RecordUpserted"),
    (e) => e.updateIdHash,
  );
  const finals: ResultsAudit["finals"] = new Map();
  const answers: ResultsAudit["answers"] = new Map();
  const byStatus: Record<string, number> = {};
  const expected = new Set<string>();
  const firstSent = new Map<string, SentMessage>();
  for (const s of input.sent) if (!firstSent.has(s.message.messageId)) firstSent.set(s.message.messageId, s);
  for (const s of firstSent.values()) {
    const { expect } = s.message;
    const id = s.message.messageId;
    expected.add(id);
    if (expect.kind === "update") {
      const own = (updateResults.get(id) ?? []).filter((r) => FINAL.has(r.result.status));
      if (own.length === 0) flag("lost", id, `no final result for ${s.bank}'s update`);
      else if (own.length > 1) flag("duplicated", id, own.map((r) => r.result.status).join(", "));
      const first = own[0];
      if (!first) continue;
      byStatus[first.result.status] = (byStatus[first.result.status] ?? 0) + 1;
      finals.set(id, { bank: s.bank, status: first.result.status, at: first.receivedAt, sentAt: s.sentAt });
      const address = input.addresses.get(s.bank) ?? "";
      for (const problem of matchChain(first.result, expect.update, address, upserts, input)) flag(...problem);
    } else if (expect.kind === "malformed") {
      const own = messageResults.get(id) ?? [];
      if (own.length !== 1) flag(own.length === 0 ? "lost" : "duplicated", id, `${own.length} answers`);
      const first = own[0];
      if (first) answers.set(id, { bank: s.bank, at: first.receivedAt, sentAt: s.sentAt });
      const reason = first?.result.reason ?? "";
      if (
        first &&
        (first.result.status !== "rejected" || !NAMES_A_FIELD.test(reason) || !reason.includes(expect.field))
      )
        flag("rejection-names-field", id, `expected ${expect.field}, got ${first.result.status} "${reason}"`);
      if (updateResults.has(id)) flag("malformed-became-update", id, "a malformed message got an update result");
    }
  }
  checkConflicts(input.sent, messageResults, flag);
  for (const [id, results] of [...updateResults, ...messageResults]) {
    if (!expected.has(id)) flag("unexpected-result", id, results.map((r) => r.result.status).join(", "));
  }
  checkWriters(input, finals, flag);
  for (const finding of input.chain.personalData) flag("personal-data-on-chain", finding.id, finding.where);
  return { violations, finals, answers, byStatus };
}

type Problem = [check: string, id: string, detail: string];

/** Whether the chain agrees with an update's final result. */
function matchChain(
  result: UpdateResult,
  update: CreditUpdate,
  address: string,
  upserts: Map<string, RegistryEvent[]>,
  input: ResultsAuditInput,
): Problem[] {
  const id = update.updateId;
  const written = upserts.get(keccak256(toUtf8Bytes(id)).toLowerCase()) ?? [];
  if (result.status === "confirmed") {
    if (written.length !== 1) return [["confirmed-written-once", id, `${written.length} RecordUpserted events`]];
    const event = written[0] as RegistryEvent;
    if (event.issuer !== address) return [["confirmed-by-its-bank", id, `written by ${event.issuer}`]];
    if (event.score !== update.score) return [["confirmed-score", id, `chain ${event.score}, sent ${update.score}`]];
    if (result.txHash && result.txHash.toLowerCase() !== event.txHash)
      return [["confirmed-tx", id, `result names ${result.txHash}, chain has ${event.txHash}`]];
    return [];
  }
  if (written.length > 0) return [["written-but-" + result.status, id, `on chain in ${written[0]?.txHash}`]];
  if (result.status === "superseded") {
    const normal = normaliseSubject(update.subject);
    const key = normal.ok ? subjectKey(normal.subject, input.subjectKeySecret).toLowerCase() : "";
    const asOf = BigInt(asOfMillis(update.asOf));
    const newer = input.chain.events.some(
      (e) => e.name === "RecordUpserted" && e.subjectKey === key && e.issuer === address && e.asOf >= asOf,
    );
    return newer
      ? []
      : [["superseded-by-newer", id, `no record of the subject by ${address} as of ${update.asOf} or later`]];
  }
  if (result.status === "rejected")
    return NAMES_A_FIELD.test(result.reason ?? "") ? [] : [["rejected", id, result.reason ?? ""]];
  return [["failed", id, result.reason ?? ""]];
}

/** A reused id gets one "conflict" answer when its original left the bus's duplicate window, at most one inside. */
function checkConflicts(
  sent: readonly SentMessage[],
  messageResults: Map<string, ObservedResult[]>,
  flag: (check: string, id: string, detail: string) => void,
): void {
  for (const s of sent) {
    if (s.message.expect.kind !== "conflict") continue;
    const id = s.message.messageId;
    const conflicts = (messageResults.get(id) ?? []).filter((r) => r.result.status === "conflict").length;
    const age = s.sentAt - s.message.expect.originalSentAt;
    // Inside the window the bus drops the resend (the local emulator forgets its window when restarted): ≤ 1.
    const outside = age > DUPLICATE_WINDOW_IN_MS + 30_000;
    if (outside ? conflicts !== 1 : conflicts > 1)
      flag("conflict-answer", id, `${conflicts} conflict answers, expected ${outside ? 1 : "at most 1"}`);
  }
}

/** Every record a bank's key wrote is one of its confirmed updates or a foreign write the soak made. */
function checkWriters(
  input: ResultsAuditInput,
  finals: ResultsAudit["finals"],
  flag: (check: string, id: string, detail: string) => void,
): void {
  const confirmed = new Set(
    [...finals].filter(([, f]) => f.status === "confirmed").map(([id]) => keccak256(toUtf8Bytes(id)).toLowerCase()),
  );
  const foreign = new Set(input.foreignWrites.map((w) => w.updateIdHash.toLowerCase()));
  const banks = new Set([...input.addresses.values()]);
  for (const event of input.chain.events) {
    if (event.name !== "RecordUpserted" || !banks.has(event.issuer)) continue;
    if (!confirmed.has(event.updateIdHash) && !foreign.has(event.updateIdHash))
      flag("unexplained-write", event.updateIdHash, `by ${event.issuer} in ${event.txHash}`);
  }
}

function scopeOf(result: UpdateResult): "update" | "message" {
  return result.scope ?? (result.status === "conflict" ? "message" : "update");
}

function messageIdOf(observed: ObservedResult): string {
  return observed.result.messageId ?? observed.result.updateId;
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
