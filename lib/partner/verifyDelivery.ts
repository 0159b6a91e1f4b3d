// The verifier a partner bank runs on each webhook it receives: the Standard Webhooks signature and timestamp
// (with the `standardwebhooks` package, ±5 min), then the on-chain commitment read from the partner's own node:
// the record and salt must hash to the `recordHash` the registry holds for (subjectKey, issuer).
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { verifyRecordCommitment } from "../domain/commitment.js";
import { subjectKey } from "../domain/subject.js";
import { WEBHOOK_EVENT_TYPE, type WebhookPayload } from "../domain/webhook.js";
import type { Ledger } from "../ports.js";

/** Options for {@link verifyDelivery}. */
export interface VerifyDeliveryOptions {
  /** The subscription's `whsec_` secret (any of them during a rotation). */
  secret: string;
  /** Reads the registry on the partner's own node. */
  registry: Pick<Ledger, "getRecord">;
  /** The consortium subject-key secret; when given, the subject key is recomputed from the record's subject. */
  subjectKeySecret?: Uint8Array;
}

/** Why a delivery was rejected. */
export type RejectReason =
  | "signature"
  | "timestamp"
  | "payload"
  | "no-record"
  | "not-on-chain"
  | "superseded"
  | "commitment-mismatch"
  | "subject-key-mismatch";

/** The verified payload, or why it must not be trusted. */
export type VerifyDeliveryResult =
  { ok: true; payload: WebhookPayload } | { ok: false; reason: RejectReason; detail: string };

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
  if (!payload) return reject("payload", `not a ${WEBHOOK_EVENT_TYPE} payload`);
  return verifyOnChain(payload, options);
}

async function verifyOnChain(payload: WebhookPayload, options: VerifyDeliveryOptions): Promise<VerifyDeliveryResult> {
  const { data } = payload;
  if (!data.record || !data.salt) return reject("no-record", "the delivery carries no record to check");
  if (options.subjectKeySecret && subjectKey(data.record.subject, options.subjectKeySecret) !== data.subjectKey) {
    return reject("subject-key-mismatch", "the record's subject does not hash to the subject key");
  }
  const onChain = await options.registry.getRecord(data.subjectKey, data.issuer);
  if (!onChain) return reject("not-on-chain", "the registry holds no record for this subject and issuer");
  if (onChain.recordHash.toLowerCase() !== data.onChain.recordHash.toLowerCase()) {
    return onChain.asOf > BigInt(data.onChain.asOf)
      ? reject("superseded", "the issuer has written a newer record since")
      : reject("commitment-mismatch", "the registry holds a different commitment");
  }
  if (!verifyRecordCommitment(data.record, data.salt, onChain.recordHash) || data.record.score !== onChain.score) {
    return reject("commitment-mismatch", "the record and salt do not hash to the on-chain commitment");
  }
  return { ok: true, payload };
}

function parsePayload(body: string): WebhookPayload | null {
  try {
    const payload = JSON.parse(body) as WebhookPayload;
    return payload?.type === WEBHOOK_EVENT_TYPE && typeof payload.data?.subjectKey === "string" ? payload : null;
  } catch {
    return null;
  }
}

function reject(reason: RejectReason, detail: string): VerifyDeliveryResult {
  return { ok: false, reason, detail };
}
