// The webhook a subscriber receives for an event on chain (DESIGN §2; the event types are in webhookEvents.ts): its
// body, its stable id and the generated signing secret. Pure: the signature itself is computed by the sender with the standardwebhooks package.
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import {
  webhookData,
  type RecordOpening,
  type WebhookDataOf,
  type WebhookEvent,
  type WebhookEventType,
} from "./webhookEvents.js";

/** The body of a webhook, for each event type. */
export type WebhookPayload = {
  [T in WebhookEventType]: { type: T; timestamp: string; data: WebhookDataOf<T> };
}[WebhookEventType];

/** The body for `event`; `timestamp` is when the event was first seen, so every retry sends identical bytes. */
export function webhookPayload(event: WebhookEvent, opening: RecordOpening | null, timestamp: string): WebhookPayload {
  return { type: event.type, timestamp, data: webhookData(event, opening) } as WebhookPayload;
}

/**
 * The `webhook-id`: the same for a subscription and record across retries, replays, restarts and a reorg that
 * re-includes the transaction elsewhere (so not its block or log index). A record is one issuer's update, and an
 * update is written (upserted) at most once, so (issuer, update id) names the event.
 */
export function webhookId(subscriptionId: string, event: Pick<WebhookEvent, "issuer" | "updateId">): string {
  const digest = sha256(utf8ToBytes(`${subscriptionId}:${event.issuer.toLowerCase()}:${event.updateId.toLowerCase()}`));
  return "msg_" + bytesToHex(digest).slice(0, 32);
}

/** A Standard Webhooks secret (`whsec_` + base64) from 24–64 random bytes given as 0x-hex. */
export function webhookSecret(randomHex: string): string {
  const bytes = Buffer.from(randomHex.replace(/^0x/, ""), "hex");
  if (bytes.length < 24 || bytes.length > 64) throw new RangeError("a webhook secret holds 24 to 64 bytes");
  return "whsec_" + bytes.toString("base64");
}
