// The audit of what the partner receivers got: every record a bank wrote for one of its updates reached every
// other bank's receiver (each is subscribed to the others' records) with a 2xx answer, under one webhook id for
// all its attempts, signed with that subscription's secret (checked here with HMAC-SHA256 per Standard Webhooks),
// and verifiable against the chain: the event it names is on chain as stated and the record and salt hash to it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { verifyRecordCommitment } from "../../lib/domain/commitment.js";
import type { WebhookPayload } from "../../lib/domain/webhook.js";
import type { ReceivedRequest, ReceiverSubscription } from "../consortium/partnerReceivers.js";
import type { Violation } from "./auditResults.js";
import type { RegistryEvent } from "./chainView.js";

/** What the delivery audit reads. */
export interface DeliveriesAuditInput {
  requests: readonly ReceivedRequest[];
  /** The records to expect: RecordUpserted events of the banks' confirmed updates. */
  records: readonly RegistryEvent[];
  /** Bank name by lower-case address. */
  bankOf: ReadonlyMap<string, string>;
  /** By receiving bank, then issuing bank. */
  subscriptions: Record<string, Record<string, ReceiverSubscription>>;
}

/** The verdicts, and when each record first reached each receiver (for the report's timings). */
export interface DeliveriesAudit {
  violations: Violation[];
  pairs: { receiver: string; updateIdHash: string; deliveredAt: number | undefined }[];
  expected: number;
  delivered: number;
  redelivered: number;
}

/** Checks every expected (record, receiver) pair. */
export function auditDeliveries(input: DeliveriesAuditInput): DeliveriesAudit {
  const violations: Violation[] = [];
  const byKey = new Map<string, { request: ReceivedRequest; payload: WebhookPayload }[]>();
  for (const request of input.requests) {
    const payload = parse(request.body);
    if (!payload) continue;
    const key = deliveryKey(request.bank, payload.data.issuer, payload.data.updateId);
    byKey.set(key, [...(byKey.get(key) ?? []), { request, payload }]);
  }
  const pairs: DeliveriesAudit["pairs"] = [];
  const idOwners = new Map<string, string>();
  let expected = 0;
  let redelivered = 0;
  for (const record of input.records) {
    const issuer = input.bankOf.get(record.issuer) ?? record.issuer;
    for (const receiver of Object.keys(input.subscriptions)) {
      if (receiver === issuer) continue;
      expected++;
      const key = deliveryKey(receiver, record.issuer, record.updateIdHash);
      const attempts = byKey.get(key) ?? [];
      const accepted = attempts.filter((a) => a.request.status !== null && a.request.status < 300);
      const flag = (check: string, detail: string) => violations.push({ check, id: key, detail });
      const deliveredAt = accepted.length > 0 ? Math.min(...accepted.map((a) => a.request.at)) : undefined;
      pairs.push({ receiver, updateIdHash: record.updateIdHash, deliveredAt });
      if (accepted.length === 0) {
        flag("delivered", `${attempts.length} attempts, none answered 2xx`);
        continue;
      }
      redelivered += accepted.length - 1;
      const ids = new Set(attempts.map((a) => a.request.headers["webhook-id"] ?? ""));
      if (ids.size !== 1) flag("one-webhook-id", [...ids].join(", "));
      for (const id of ids) {
        if (idOwners.has(id) && idOwners.get(id) !== key)
          flag("webhook-id-unique", `${id} also names ${idOwners.get(id)}`);
        idOwners.set(id, key);
      }
      const secret = input.subscriptions[receiver]?.[issuer]?.secret ?? "";
      for (const { request, payload } of accepted) {
        const problem = signatureProblem(request, secret) ?? chainProblem(payload, record);
        if (problem) flag("verifiable", problem);
      }
    }
  }
  const delivered = pairs.filter((p) => p.deliveredAt !== undefined).length;
  return { violations, pairs, expected, delivered, redelivered };
}

/** Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the secret's bytes. */
function signatureProblem(request: ReceivedRequest, secret: string): string | undefined {
  const { headers, body } = request;
  const id = headers["webhook-id"] ?? "";
  const timestamp = headers["webhook-timestamp"] ?? "";
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  const signatures = (headers["webhook-signature"] ?? "").split(" ").map((s) => s.split(",")[1] ?? "");
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? undefined : `no valid signature on ${id}`;
}

/** The payload names the event as the chain has it, and its record and salt open the on-chain commitment. */
function chainProblem(payload: WebhookPayload, event: RegistryEvent): string | undefined {
  const { data } = payload;
  const same = (a: string, b: string | undefined) => a.toLowerCase() === (b ?? "").toLowerCase();
  if (!same(data.txHash, event.txHash) || data.logIndex !== event.logIndex || data.blockNumber !== event.blockNumber)
    return `names ${data.txHash}#${data.logIndex}, the chain has ${event.txHash}#${event.logIndex}`;
  if (!same(data.subjectKey, event.subjectKey) || !same(data.onChain.recordHash, event.recordHash))
    return "subject key or record hash differ from the chain";
  if (!data.record || !data.salt) return "carries no record to verify";
  if (!verifyRecordCommitment(data.record, data.salt, event.recordHash ?? "")) return "commitment does not open";
  if (data.record.score !== event.score) return `record score ${data.record.score}, chain ${event.score}`;
  return undefined;
}

function deliveryKey(receiver: string, issuer: string, updateIdHash: string): string {
  return `${receiver}<-${issuer.toLowerCase()}/${updateIdHash.toLowerCase()}`;
}

function parse(body: string): WebhookPayload | null {
  try {
    const payload = JSON.parse(body) as WebhookPayload;
    return typeof payload?.data?.updateId === "string" ? payload : null;
  } catch {
    return null;
  }
}
