// The verifier a partner bank runs on each webhook it receives: the Standard Webhooks signature and timestamp
// (with the `standardwebhooks` package, ±5 min), then the on-chain commitment read from the partner's own node: the
// `RecordUpserted` event at (txHash, logIndex) must be the registry's, for this subject, issuer and update (found by
// its indexed topics in its block, so a batch's hundreds of other events are never read), and the record and salt
// must hash to its `recordHash`. Checking the event rather than the current record makes the
// verdict exact for a record the issuer has replaced since (reported as `superseded: true`, still authentic).
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { verifyRecordCommitment } from "../domain/commitment.js";
import { subjectKey } from "../domain/subject.js";
import type { WebhookPayload } from "../domain/webhook.js";
import { RECORD_CONFIRMED } from "../domain/webhookEvents.js";
import type { Ledger } from "../ports/ledger.js";

/** Options for {@link verifyDelivery}. */
export interface VerifyDeliveryOptions {
  /** The subscription's `whsec_` secret (any of them during a rotation). */
  secret: string;
  /** Reads the registry on the partner's own node. */
  registry: Pick<Ledger, "upsertedEvents" | "getRecord">;
  /** The consortium subject-key secret; when given, the subject key is recomputed from the record's subject. */
  subjectKeySecret?: Uint8Array;
}

/** Why a delivery was rejected. */
export type RejectReason =
  "signature" | "timestamp" | "payload" | "no-record" | "not-on-chain" | "commitment-mismatch" | "subject-key-mismatch";

/**
 * The verified payload (`superseded`: the issuer has written a different record for the subject since), or why it
 * must not be trusted.
 */
export type VerifyDeliveryResult =
  { ok: true; payload: WebhookPayload; superseded: boolean } | { ok: false; reason: RejectReason; detail: string };

/** Verifies one received webhook: `body` is the raw request body, `headers` the request headers (lower-case). */
export async function verifyDelivery(
  request: { body: string; headers: Record<string, string> },
  options: VerifyDeliveryOptions,
): Promise<VerifyDeliveryResult> {
  try {
    new Webhook(options.secret).verify(request.body, request.headers);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (!(error instanceof WebhookVerificationError)) return reject("signature", detail);
    return reject(/timestamp/i.test(detail) ? "timestamp" : "signature", detail);
  }
  const payload = parsePayload(request.body);
  if (!payload) return reject("payload", `not a ${RECORD_CONFIRMED} payload`);
  return verifyOnChain(payload, options);
}

async function verifyOnChain(payload: WebhookPayload, options: VerifyDeliveryOptions): Promise<VerifyDeliveryResult> {
  const { data } = payload;
  if (!data.record || !data.salt) return reject("no-record", "the delivery carries no record to check");
  if (options.subjectKeySecret && subjectKey(data.record.subject, options.subjectKeySecret) !== data.subjectKey) {
    return reject("subject-key-mismatch", "the record's subject does not hash to the subject key");
  }
  const { blockNumber, subjectKey: key, issuer, updateId } = data;
  const events = await options.registry.upsertedEvents({ blockNumber, subjectKey: key, issuer, updateId });
  const event = events.find((e) => e.logIndex === data.logIndex && same(e.txHash, data.txHash));
  if (!event || !same(event.recordHash, data.onChain.recordHash)) {
    return reject("not-on-chain", `no RecordUpserted of this record at log ${data.logIndex} of ${data.txHash}`);
  }
  if (!verifyRecordCommitment(data.record, data.salt, event.recordHash) || data.record.score !== event.score) {
    return reject("commitment-mismatch", "the record and salt do not hash to the on-chain commitment");
  }
  const current = await options.registry.getRecord(data.subjectKey, data.issuer, blockNumber);
  return { ok: true, payload, superseded: !current || !same(current.recordHash, event.recordHash) };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function parsePayload(body: string): WebhookPayload | null {
  try {
    const payload = JSON.parse(body) as WebhookPayload;
    return payload?.type === RECORD_CONFIRMED && typeof payload.data?.subjectKey === "string" ? payload : null;
  } catch {
    return null;
  }
}

function reject(reason: RejectReason, detail: string): VerifyDeliveryResult {
  return { ok: false, reason, detail };
}
