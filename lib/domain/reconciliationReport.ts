// The reconciliation report (stored as JSON and served at /api/reconciliation/latest) and the pure diffs behind
// it: outbox ⇄ chain, chain ⇄ outbox (writes by our key that we have no update for), and record events that have
// no delivery for a subscription that should receive them.
import type { OutboxEntry } from "../ports/outbox.js";
import { matchesIssuer, type IssuerFilter } from "./subscriptionFilter.js";
import { webhookId } from "./webhook.js";
import type { WebhookEvent } from "./webhookEvents.js";

/** One finding: what was seen, and what (if anything) was repaired. */
export interface Finding {
  kind:
    | "accepted-not-batched"
    | "submitted-too-long"
    | "submitted-under-dropped"
    | "confirmed-absent-on-chain"
    | "outbox-row-missing"
    | "foreign-write"
    | "nonce-gap"
    | "foreign-nonce"
    | "delivery-missing"
    | "delivery-job-lost"
    | "delivery-exhausted";
  severity: "info" | "warning" | "alert";
  repaired: boolean;
  updateId?: string;
  txHash?: string;
  nonce?: number;
  subscriptionId?: string;
  webhookId?: string;
  detail?: string;
}

/** A reconciliation run. */
export interface ReconciliationReport {
  id: string;
  startedAt: string;
  finishedAt: string;
  /** The inclusive block range whose events were checked. */
  blocks: { from: number; to: number } | null;
  counts: Record<Finding["kind"], number>;
  findings: Finding[];
  /** Checks this run left to the next one, its time budget spent. */
  deferred?: string[];
}

/** Thresholds for outbox findings. */
export interface OutboxThresholds {
  acceptedOlderThanInMs: number;
  submittedOlderThanInMs: number;
}

/** Accepted entries older than the threshold (they may have fallen off the pending list; re-listing is safe). */
export function staleAccepted(entries: readonly OutboxEntry[], now: Date, t: OutboxThresholds): OutboxEntry[] {
  return entries.filter(
    (e) => e.status === "accepted" && now.getTime() - Date.parse(e.acceptedAt) > t.acceptedOlderThanInMs,
  );
}

/** Submitted entries older than the threshold (their transaction should have confirmed by now). */
export function staleSubmitted(entries: readonly OutboxEntry[], now: Date, t: OutboxThresholds): OutboxEntry[] {
  return entries.filter(
    (e) =>
      e.status === "submitted" && now.getTime() - Date.parse(e.submittedAt ?? e.acceptedAt) > t.submittedOlderThanInMs,
  );
}

/** Whether a confirmed entry is on chain: the stored record is it, or a newer one replaced it. */
export function confirmedOnChain(entry: OutboxEntry, onChain: { recordHash: string; asOf: bigint } | null): boolean {
  if (!onChain) return false;
  return onChain.recordHash.toLowerCase() === entry.input.recordHash.toLowerCase() || onChain.asOf > entry.input.asOf;
}

/** A subscription as the delivery diff needs it. */
export interface SubscriptionView {
  id: string;
  filter: IssuerFilter;
  createdAt: string;
}

/** (subscription, event) pairs that should have a delivery and do not; `has` tells which exist. */
export function missingDeliveries(
  seen: { events: readonly WebhookEvent[]; subscriptions: readonly SubscriptionView[]; ownAddress: string },
  has: (subscriptionId: string, webhookId: string) => boolean,
): { subscriptionId: string; webhookId: string; event: WebhookEvent }[] {
  const missing = [];
  for (const event of seen.events) {
    for (const s of seen.subscriptions) {
      if (!matchesIssuer(s.filter, event.issuer, seen.ownAddress)) continue;
      const id = webhookId(s.id, event);
      if (!has(s.id, id)) missing.push({ subscriptionId: s.id, webhookId: id, event });
    }
  }
  return missing;
}

/** Counts findings per kind (every kind present, zero when none). */
export function countFindings(findings: readonly Finding[]): Record<Finding["kind"], number> {
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<Finding["kind"], number>;
  for (const f of findings) counts[f.kind]++;
  return counts;
}

/** Every finding kind. */
export const FINDING_KINDS: readonly Finding["kind"][] = [
  "accepted-not-batched",
  "submitted-too-long",
  "submitted-under-dropped",
  "confirmed-absent-on-chain",
  "outbox-row-missing",
  "foreign-write",
  "nonce-gap",
  "foreign-nonce",
  "delivery-missing",
  "delivery-exhausted",
  "delivery-job-lost",
];
