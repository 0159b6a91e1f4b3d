// The webhook a subscriber receives for a record written on chain (DESIGN §2): its body, its stable id and the
// generated signing secret. Pure: the signature itself is computed by the sender with the standardwebhooks package.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { CommittedRecord } from "./commitment.js";
import type { RecordUpsertedEvent } from "./ledgerTypes.js";

/** The event type of every delivery. */
export const WEBHOOK_EVENT_TYPE = "credit-record.confirmed";

/** A `RecordUpserted` event in a JSON-safe form (asOf as decimal milliseconds), as stored and queued. */
export interface ChainRecordEvent {
  subjectKey: string;
  issuer: string;
  /** keccak256 of the issuer's update id. */
  updateId: string;
  score: number;
  scoreModel: string;
  asOf: string;
  recordHash: string;
  txHash: string;
  blockNumber: number;
  blockHash: string;
  logIndex: number;
}

/** The off-chain record and salt behind a commitment (known for this bank's own records only). */
export interface RecordOpening {
  record: CommittedRecord;
  salt: string;
}

/** The `data` of a webhook: enough for a partner to check the commitment against its own node. */
export interface WebhookData {
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

/** The body of a webhook. */
export interface WebhookPayload {
  type: typeof WEBHOOK_EVENT_TYPE;
  timestamp: string;
  data: WebhookData;
}

/** The JSON-safe form of a decoded event. */
export function toChainRecordEvent(event: RecordUpsertedEvent): ChainRecordEvent {
  const { subjectKey, issuer, updateId, score, scoreModel, recordHash, txHash, blockNumber, blockHash, logIndex } =
    event;
  return {
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
}

/** The body for `event`; `timestamp` is when the event was first seen, so every retry sends identical bytes. */
export function webhookPayload(
  event: ChainRecordEvent,
  opening: RecordOpening | null,
  timestamp: string,
): WebhookPayload {
  const { subjectKey, issuer, updateId, txHash, blockNumber, logIndex, score, scoreModel, asOf, recordHash } = event;
  return {
    type: WEBHOOK_EVENT_TYPE,
    timestamp,
    data: {
      subjectKey,
      issuer,
      updateId,
      txHash,
      blockNumber,
      logIndex,
      onChain: { score, scoreModel, asOf, recordHash },
      record: opening?.record ?? null,
      salt: opening?.salt ?? null,
    },
  };
}

/**
 * The `webhook-id`: the same for a subscription and record across retries, replays, restarts and a reorg that
 * re-includes the transaction elsewhere (so not its block or log index). A record is one issuer's update, and an
 * update is written (upserted) at most once, so (issuer, update id) names the event.
 */
export function webhookId(subscriptionId: string, event: Pick<ChainRecordEvent, "issuer" | "updateId">): string {
  const digest = sha256(utf8ToBytes(`${subscriptionId}:${event.issuer.toLowerCase()}:${event.updateId.toLowerCase()}`));
  return "msg_" + bytesToHex(digest).slice(0, 32);
}

/** A Standard Webhooks secret (`whsec_` + base64) from 24–64 random bytes given as 0x-hex. */
export function webhookSecret(randomHex: string): string {
  const bytes = Buffer.from(randomHex.replace(/^0x/, ""), "hex");
  if (bytes.length < 24 || bytes.length > 64) throw new RangeError("a webhook secret holds 24 to 64 bytes");
  return "whsec_" + bytes.toString("base64");
}
