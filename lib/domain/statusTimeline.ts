// An update's status timeline (received, accepted, submitted with tx hash and nonce, then its final status), derived
// from the timestamps its outbox row carries, so no transition needs a read-modify-write of a history list.

/** The outbox fields the timeline is derived from. */
export interface TimelineSource {
  status: "accepted" | "submitted" | "confirmed" | "superseded" | "rejected" | "failed";
  receivedAt: string;
  acceptedAt: string;
  submittedAt?: string;
  finalAt?: string;
  txHash?: string;
  nonce?: number;
  blockNumber?: number;
  reason?: string;
  /** How many times the update went back to the queue after a dropped or failed transaction. */
  requeues?: number;
}

/** One step of the timeline. */
export interface TimelineEvent {
  status: "received" | "accepted" | "requeued" | "submitted" | TimelineSource["status"];
  at: string;
  txHash?: string;
  nonce?: number;
  blockNumber?: number;
  reason?: string;
}

/** The timeline, oldest first. A requeued update shows its latest acceptance as `requeued`. */
export function statusTimeline(source: TimelineSource): TimelineEvent[] {
  const events: TimelineEvent[] = [{ status: "received", at: source.receivedAt }];
  const requeued = (source.requeues ?? 0) > 0;
  events.push({ status: requeued ? "requeued" : "accepted", at: source.acceptedAt });
  if (source.submittedAt && (source.status !== "accepted" || !requeued)) {
    events.push({ status: "submitted", at: source.submittedAt, txHash: source.txHash, nonce: source.nonce });
  }
  if (source.finalAt) {
    const { status, txHash, blockNumber, reason } = source;
    events.push(withoutUndefined({ status, at: source.finalAt, txHash, blockNumber, reason }));
  }
  return events.map(withoutUndefined);
}

function withoutUndefined(event: TimelineEvent): TimelineEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as unknown as TimelineEvent;
}
