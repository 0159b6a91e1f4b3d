// What the audit keeps of each request a partner receiver got: the checks that need the request itself are made
// as it arrives (the Standard Webhooks signature, HMAC-SHA256 computed here with the subscription's secret, and
// whether the record and salt open the commitment the payload names), the rest is kept small so a long run fits
// in memory; the payload's claims are compared with the chain in the audit.
import { createHmac, timingSafeEqual } from "node:crypto";
import { verifyRecordCommitment } from "../../lib/domain/commitment.js";
import type { RecordConfirmedPayload } from "../../lib/domain/webhook.js";
import { RECORD_CONFIRMED } from "../../lib/domain/webhookEvents.js";
import type { ReceivedRequest } from "../consortium/partnerReceivers.js";

/** One request a receiver got, reduced to what the audit compares. */
export interface ObservedDelivery {
  receiver: string;
  at: number;
  /** What the receiver answered (null: nothing). */
  status: number | null;
  webhookId: string;
  issuer: string;
  updateIdHash: string;
  claims: { txHash: string; logIndex: number; blockNumber: number; subjectKey: string; recordHash: string };
  recordScore: number | null;
  signatureValid: boolean;
  /** The record and salt hash to the `recordHash` the payload names (false when it carries none). */
  opensCommitment: boolean;
}

/** Reduces a request; `secretOf` names the secret of the subscription (receiver, issuer address) it came through. */
export function observeDelivery(
  request: ReceivedRequest,
  secretOf: (receiver: string, issuer: string) => string | undefined,
): ObservedDelivery | null {
  const payload = parse(request.body);
  if (!payload) return null;
  const { data } = payload;
  const secret = secretOf(request.bank, data.issuer.toLowerCase());
  return {
    receiver: request.bank,
    at: request.at,
    status: request.status,
    webhookId: request.headers["webhook-id"] ?? "",
    issuer: data.issuer.toLowerCase(),
    updateIdHash: data.updateId.toLowerCase(),
    claims: {
      txHash: data.txHash.toLowerCase(),
      logIndex: data.logIndex,
      blockNumber: data.blockNumber,
      subjectKey: data.subjectKey.toLowerCase(),
      recordHash: data.onChain.recordHash.toLowerCase(),
    },
    recordScore: data.record?.score ?? null,
    signatureValid: secret !== undefined && signatureValid(request, secret),
    opensCommitment:
      !!data.record && !!data.salt && verifyRecordCommitment(data.record, data.salt, data.onChain.recordHash),
  };
}

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the secret's bytes. */
function signatureValid(request: ReceivedRequest, secret: string): boolean {
  const { headers, body } = request;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = `${headers["webhook-id"] ?? ""}.${headers["webhook-timestamp"] ?? ""}.${body}`;
  const expected = createHmac("sha256", key).update(signed).digest();
  return (headers["webhook-signature"] ?? "").split(" ").some((entry) => {
    const given = Buffer.from(entry.split(",")[1] ?? "", "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function parse(body: string): RecordConfirmedPayload | null {
  try {
    const payload = JSON.parse(body) as RecordConfirmedPayload;
    return payload?.type === RECORD_CONFIRMED &&
      typeof payload.data?.updateId === "string" &&
      typeof payload.data.issuer === "string"
      ? payload
      : null;
  } catch {
    return null;
  }
}
