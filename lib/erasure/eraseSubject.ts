// Erases a subject's personal data held by this bank, on request (DESIGN §6.7): removes record and salt from every
// outbox entry of the subject (and re-lists those still waiting for a batch, redacted, so the submitter ends them
// `failed` instead of sending them), stops its deliveries (marked `erased`, attempt logs deleted) and queues one
// tombstone for the submitter, the one writer of our signing key, so the chain's current state no longer holds our
// record of the subject. Idempotent: a second call finds nothing left and queues nothing.
import type { Delivery, DeliveryStore } from "../ports/distribution.js";
import type { SubscriptionStore } from "../ports/subscriptions.js";
import { type ErasureReport, isUnfinished, tombstoneEntry } from "../domain/erasure.js";
import { subjectKey } from "../domain/subject.js";
import { parseSubjectFields } from "../domain/subjectFields.js";
import type { Clock } from "../ports/runtime.js";
import type { Ledger } from "../ports/ledger.js";
import type { OutboxEntry, OutboxStore, SubjectOutbox } from "../ports/outbox.js";

/** What an erasure needs. */
export interface EraseDeps {
  outbox: OutboxStore;
  subjects: SubjectOutbox;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  ledger: Pick<Ledger, "getRecord">;
  clock: Clock;
  ownAddress: string;
  subjectKeySecret: Uint8Array;
}

/** Erases the subject named by `fields` (scheme, country, id), or answers the fields' problems. */
export async function eraseSubject(
  deps: EraseDeps,
  fields: Readonly<Record<string, unknown>>,
): Promise<{ ok: true; report: ErasureReport } | { ok: false; errors: string[] }> {
  const parsed = parseSubjectFields(fields);
  if (!parsed.ok) return parsed;
  const key = subjectKey(parsed.subject, deps.subjectKeySecret);
  const at = deps.clock.now().toISOString();
  const entries = await deps.subjects.entriesOf(key);
  const updates = entries.filter((e) => e.kind !== "erasure");
  const salts = updates.filter((e) => e.salt !== null).length;
  // Deliveries first: the outbox's erasure waits for every host to drop its cached entries, and a dispatcher that
  // meanwhile finds an entry redacted stops that delivery itself, which this report would then not count.
  const { deliveries, attempts, stopped } = await stopDeliveries(deps, key, at);
  const outboxRecords = await deps.subjects.erase(updates, at);
  // The pending list holds a copy of each waiting entry: the re-listing replaces it with the redacted entry, which
  // the submitter reads back from the outbox (a re-listing is checked there) and ends instead of batching.
  const waiting = updates.filter((e) => e.status === "accepted");
  const relisted = await Promise.all(waiting.map((e) => deps.outbox.ensurePending(e)));
  const inFlight = updates.filter((e) => e.status === "submitted").length + relisted.filter((r) => !r).length;
  const waitingUpdates = relisted.filter((r) => r).length;
  const tombstone = await queueTombstone(deps, key, entries, inFlight + waitingUpdates > 0, at);
  const removed = { outboxRecords, salts, deliveries, attempts };
  const report = { subjectKey: key, removed, stoppedDeliveries: stopped, waitingUpdates };
  return { ok: true, report: { ...report, inFlightUpdates: inFlight, tombstone } };
}

/** Marks every delivery of the subject `erased` (never sent again) and deletes its attempt log. */
async function stopDeliveries(deps: EraseDeps, key: string, at: string) {
  let [deliveries, attempts, stopped] = [0, 0, 0];
  for (const subscription of await deps.subscriptions.list()) {
    const mine = (await deps.deliveries.list(subscription.id)).filter(
      (d) => d.event.subjectKey.toLowerCase() === key.toLowerCase() && d.status !== "erased",
    );
    const erased = mine.map((d): Delivery => ({
      ...d,
      status: "erased",
      lastOutcome: "subject erased",
      updatedAt: at,
    }));
    for (const d of erased) delete d.nextAttemptAt;
    await deps.deliveries.putMany(erased);
    for (const d of mine) attempts += await deps.deliveries.removeAttempts(d.subscriptionId, d.webhookId);
    deliveries += mine.length;
    stopped += mine.filter((d) => d.status === "pending").length;
  }
  return { deliveries, attempts, stopped };
}

/**
 * Queues a tombstone when our record of the subject is on chain or an update of it may still reach the chain, unless
 * one is already on its way (which, sent after every transaction signed before it, erases what they write).
 */
async function queueTombstone(
  deps: EraseDeps,
  key: string,
  entries: readonly OutboxEntry[],
  mayReachChain: boolean,
  at: string,
): Promise<ErasureReport["tombstone"]> {
  const queued = entries.find((e) => e.kind === "erasure" && isUnfinished(e));
  if (queued) return { updateId: queued.updateId, status: queued.status, txHash: queued.txHash };
  const onChain = await deps.ledger.getRecord(key, deps.ownAddress);
  if (!onChain && !mayReachChain) return null;
  const { entry } = await deps.outbox.add(tombstoneEntry(key, at));
  return { updateId: entry.updateId, status: entry.status };
}
