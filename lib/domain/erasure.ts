// Erasure on request, the pure parts: the tombstone entry that takes this bank's record of a subject out of the
// chain's current state (an outbox entry of kind `erasure`, sent with eraseBatch by the submitter like any batch),
// and the answer an erasure gives. Carries the subject key only, never the subject.
import type { OutboxEntry } from "../ports/outbox.js";
import { recordlessEntry } from "./recordlessEntry.js";

/** What one erasure did, per kind of data, and the tombstone it queued (null when there was nothing left on chain). */
export interface ErasureReport {
  subjectKey: string;
  removed: { outboxRecords: number; salts: number; deliveries: number; attempts: number };
  /** Pending deliveries stopped before any send (counted in `removed.deliveries` too). */
  stoppedDeliveries: number;
  /** Updates of the subject still waiting for a batch: the submitter ends them `failed` (one result each), unsent. */
  waitingUpdates: number;
  /** Updates in a transaction still in flight: they end with their transaction, before the tombstone is mined. */
  inFlightUpdates: number;
  tombstone: { updateId: string; status: OutboxEntry["status"]; txHash?: string } | null;
}

/** The tombstone entry for `subjectKey`, accepted at `at` (its update id is unique per subject and time). */
export function tombstoneEntry(subjectKey: string, at: string): OutboxEntry {
  const updateId = `erasure-${Date.parse(at)}-${subjectKey.toLowerCase().replace(/^0x/, "")}`;
  return recordlessEntry(updateId, "erasure", at, subjectKey);
}

/** Whether an entry is still on its way to a final status (waiting for a batch, or in a transaction). */
export function isUnfinished(entry: OutboxEntry): boolean {
  return entry.status === "accepted" || entry.status === "submitted";
}
