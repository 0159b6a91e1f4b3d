// The webhook event types: a closed union on `type` and its one registry. Adding an event type is one variant of
// WebhookEvent and one entry in WEBHOOK_EVENTS (which chain event it comes from, and the `data` its webhook carries);
// the reader, fan-out, delivery, replay and reconciliation handle every type through the registry.
import type { CommittedRecord } from "./commitment.js";
import type { RecordEvent } from "./ledgerTypes.js";

/** Where an event sits on chain and which issuer's update it is: what every webhook event carries. */
export interface ChainEventLocation {
  subjectKey: string;
  issuer: string;
  /** keccak256 of the issuer's update id. */
  updateId: string;
  txHash: string;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
}

/** The type of a record written on chain. */
export const RECORD_CONFIRMED = "credit-record.confirmed";

/** A `RecordUpserted` event in a JSON-safe form (asOf as decimal milliseconds), as stored and queued. */
export interface ChainRecordEvent extends ChainEventLocation {
  type: typeof RECORD_CONFIRMED;
  score: number;
  scoreModel: string;
  asOf: string;
  recordHash: string;
}

/** Every webhook event, as stored with its delivery: a closed union on `type`. */
export type WebhookEvent = ChainRecordEvent;

/** The webhook event types. */
export type WebhookEventType = WebhookEvent["type"];

/** The off-chain record and salt behind a commitment (known for this bank's own records only). */
export interface RecordOpening {
  record: CommittedRecord;
  salt: string;
}

/** The `data` of a `credit-record.confirmed` webhook: enough for a partner to check the commitment on its own node. */
export interface RecordConfirmedData {
  subjectKey: string;
  issuer: string;
  updateId: string;
  txHash: string;
  blockNumber: number;
  logIndex: number;
  onChain: { score: number; scoreModel: string; asOf: string; recordHash: string };
  /** The full record and its salt, or null for another bank's record (only its commitment is on chain). */
  record: CommittedRecord | null;
  salt: string | null;
}

/** What the registry holds for one event type. */
interface WebhookEventSpec<E extends WebhookEvent> {
  /** The webhook event a decoded chain event is, or null when it is not one of this type. */
  fromChain(event: RecordEvent): E | null;
  /** The webhook's `data` (`opening`: the record and salt behind one of our own records, when known). */
  data(event: E, opening: RecordOpening | null): unknown;
}

/** The registry: one entry per webhook event type. */
export const WEBHOOK_EVENTS = {
  [RECORD_CONFIRMED]: {
    fromChain: (event: RecordEvent): ChainRecordEvent | null => {
      if (event.kind !== "upserted") return null;
      const { subjectKey, issuer, updateId, score, scoreModel, recordHash, txHash, blockNumber, blockHash, logIndex } =
        event;
      return {
        type: RECORD_CONFIRMED,
        subjectKey,
        issuer,
        updateId,
        score,
        scoreModel,
        asOf: event.asOf.toString(),
        recordHash,
        txHash: txHash.toLowerCase(),
        blockNumber,
        blockHash,
        logIndex,
      };
    },
    data: (event: ChainRecordEvent, opening: RecordOpening | null): RecordConfirmedData => {
      const { subjectKey, issuer, updateId, txHash, blockNumber, logIndex, score, scoreModel, asOf, recordHash } =
        event;
      return {
        subjectKey,
        issuer,
        updateId,
        txHash,
        blockNumber,
        logIndex,
        onChain: { score, scoreModel, asOf, recordHash },
        record: opening?.record ?? null,
        salt: opening?.salt ?? null,
      };
    },
  },
} satisfies { [T in WebhookEventType]: WebhookEventSpec<Extract<WebhookEvent, { type: T }>> };

/** The `data` of a webhook of type `T`. */
export type WebhookDataOf<T extends WebhookEventType> = ReturnType<(typeof WEBHOOK_EVENTS)[T]["data"]>;

/** The webhook event a decoded chain event is, or null when no webhook is sent for it. */
export function webhookEventOf(event: RecordEvent): WebhookEvent | null {
  for (const spec of Object.values(WEBHOOK_EVENTS)) {
    const found = spec.fromChain(event);
    if (found) return found;
  }
  return null;
}

/** The `data` of the webhook for `event`. */
export function webhookData(event: WebhookEvent, opening: RecordOpening | null): WebhookDataOf<WebhookEventType> {
  const spec = WEBHOOK_EVENTS[event.type] as WebhookEventSpec<WebhookEvent>;
  return spec.data(event, opening) as WebhookDataOf<WebhookEventType>;
}

/** An event as stored: rows written before events carried a `type` hold `credit-record.confirmed` events. */
export function storedWebhookEvent(stored: Omit<WebhookEvent, "type"> & { type?: WebhookEventType }): WebhookEvent {
  return (stored.type === undefined ? { type: RECORD_CONFIRMED, ...stored } : stored) as WebhookEvent;
}

/** The record events among `events` (what the record index keeps). */
export function recordEventsOf(events: readonly WebhookEvent[]): ChainRecordEvent[] {
  return events.filter((e): e is ChainRecordEvent => e.type === RECORD_CONFIRMED);
}
