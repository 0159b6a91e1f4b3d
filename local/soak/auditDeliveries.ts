// The audit of what the partner receivers got: every record a bank wrote for one of its updates reached every
// other bank's receiver (each is subscribed to the others' records) with a 2xx answer, under one webhook id for
// all its attempts (an id never names two records), with a valid signature for that subscription, and verifiable
// against the chain: the event it names is on chain as stated, and its record and salt open that commitment.
import type { Violation } from "./auditResults.js";
import type { RegistryEvent } from "./chainView.js";
import type { ObservedDelivery } from "./deliveryObserver.js";

/** What the delivery audit reads. */
export interface DeliveriesAuditInput {
  deliveries: readonly ObservedDelivery[];
  /** The records to expect: RecordUpserted events of the banks' confirmed updates. */
  records: readonly RegistryEvent[];
  /** Bank name by lower-case address. */
  bankOf: ReadonlyMap<string, string>;
  receivers: readonly string[];
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
  const byKey = new Map<string, ObservedDelivery[]>();
  for (const d of input.deliveries) {
    const key = deliveryKey(d.receiver, d.issuer, d.updateIdHash);
    const list = byKey.get(key) ?? [];
    list.push(d);
    byKey.set(key, list);
  }
  const pairs: DeliveriesAudit["pairs"] = [];
  const idOwners = new Map<string, string>();
  let redelivered = 0;
  for (const record of input.records) {
    const issuer = input.bankOf.get(record.issuer) ?? record.issuer;
    for (const receiver of input.receivers.filter((r) => r !== issuer)) {
      const key = deliveryKey(receiver, record.issuer, record.updateIdHash);
      const flag = (check: string, detail: string) => violations.push({ check, id: key, detail });
      const attempts = byKey.get(key) ?? [];
      const accepted = attempts.filter((a) => a.status !== null && a.status < 300);
      const deliveredAt = accepted.length > 0 ? Math.min(...accepted.map((a) => a.at)) : undefined;
      pairs.push({ receiver, updateIdHash: record.updateIdHash, deliveredAt });
      if (accepted.length === 0) {
        flag("delivered", `${attempts.length} attempts, none answered 2xx`);
        continue;
      }
      redelivered += accepted.length - 1;
      const ids = new Set(attempts.map((a) => a.webhookId));
      if (ids.size !== 1) flag("one-webhook-id", [...ids].join(", "));
      for (const id of ids) {
        const owner = idOwners.get(id);
        if (owner !== undefined && owner !== key) flag("webhook-id-unique", `${id} also names ${owner}`);
        idOwners.set(id, key);
      }
      for (const delivery of accepted) {
        const problem = verificationProblem(delivery, record);
        if (problem) flag("verifiable", problem);
      }
    }
  }
  const delivered = pairs.filter((p) => p.deliveredAt !== undefined).length;
  return { violations, pairs, expected: pairs.length, delivered, redelivered };
}

/** Why a delivery cannot be verified against the chain, if it cannot. */
function verificationProblem(delivery: ObservedDelivery, event: RegistryEvent): string | undefined {
  const { claims } = delivery;
  if (!delivery.signatureValid) return `no valid signature on ${delivery.webhookId}`;
  if (claims.txHash !== event.txHash || claims.logIndex !== event.logIndex || claims.blockNumber !== event.blockNumber)
    return `names ${claims.txHash}#${claims.logIndex}, the chain has ${event.txHash}#${event.logIndex}`;
  if (claims.subjectKey !== event.subjectKey || claims.recordHash !== event.recordHash)
    return "subject key or record hash differ from the chain";
  if (!delivery.opensCommitment) return "the record and salt do not open the commitment";
  if (delivery.recordScore !== event.score) return `record score ${delivery.recordScore}, chain ${event.score}`;
  return undefined;
}

function deliveryKey(receiver: string, issuer: string, updateIdHash: string): string {
  return `${receiver}<-${issuer.toLowerCase()}/${updateIdHash.toLowerCase()}`;
}
