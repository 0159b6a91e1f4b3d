// Chain ⇄ outbox and chain ⇄ deliveries over a block range: a record written with our key must have an outbox row
// (without one it was either our row lost, when our stored transaction carried it, or a foreign write — an alert,
// the key may have leaked), and every record event must have a delivery for each subscription that matched it
// (missing ones are created and queued under their stable webhook ids).
import type { DeliveryStore } from "../ports/distribution.js";
import type { OutboxReader } from "../ports/outbox.js";
import type { SubscriptionStore } from "../ports/subscriptions.js";
import type { TransactionLookup } from "../ports/ledger.js";
import { missingDeliveries, type Finding } from "../domain/reconciliationReport.js";
import type { WebhookEvent } from "../domain/webhookEvents.js";
import { fanOutEvents, type FanOutDeps } from "../distribution/fanOutEvents.js";
import { mapConcurrently } from "../support/mapConcurrently.js";
import type { TransactionStore } from "../ports/submission.js";

/** Delivery reads in flight while the range's deliveries are checked. */
const READ_CONCURRENCY = 16;

/** What the chain-events check needs. */
export interface ReconcileChainEventsDeps extends FanOutDeps {
  transactionLookup: TransactionLookup;
  outboxReader: OutboxReader;
  transactions: Pick<TransactionStore, "get">;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
}

/** Checks `events`; `subscribedBefore` limits the delivery check to subscriptions that existed for the whole range. */
export async function reconcileChainEvents(
  deps: ReconcileChainEventsDeps,
  input: { events: readonly WebhookEvent[]; subscribedBefore: string | null },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const event of input.events) {
    if (event.issuer.toLowerCase() !== deps.ownAddress.toLowerCase()) continue;
    if (await deps.outboxReader.byUpdateIdHash(event.updateId)) continue;
    findings.push(await classifyOrphan(deps, event));
  }
  const subscriptions = (await deps.subscriptions.list()).filter(
    (s) => s.state === "active" && (input.subscribedBefore === null || s.createdAt < input.subscribedBefore),
  );
  // The deliveries these events call for, each read by its key: the work follows the range, not the history.
  const expected = missingDeliveries({ events: input.events, subscriptions, ownAddress: deps.ownAddress }, () => false);
  const found = await mapConcurrently(expected, READ_CONCURRENCY, (m) =>
    deps.deliveries.get(m.subscriptionId, m.webhookId),
  );
  const missing = expected.filter((_, i) => found[i] === null);
  for (const subscription of subscriptions) {
    const events = missing.filter((m) => m.subscriptionId === subscription.id).map((m) => m.event);
    if (events.length > 0) await fanOutEvents(deps, events, [subscription]);
  }
  for (const m of missing) {
    findings.push({
      kind: "delivery-missing",
      severity: "warning",
      repaired: true,
      subscriptionId: m.subscriptionId,
      webhookId: m.webhookId,
      txHash: m.event.txHash,
    });
  }
  return findings;
}

/** Our stored transaction carried it (the outbox row was lost) or not (a foreign write with our key). */
async function classifyOrphan(deps: ReconcileChainEventsDeps, event: WebhookEvent): Promise<Finding> {
  const sent = await deps.transactionLookup.sender(event.txHash);
  const stored = sent ? await deps.transactions.get(sent.from, sent.nonce) : null;
  const ours = stored?.hash.toLowerCase() === event.txHash.toLowerCase();
  return ours
    ? {
        kind: "outbox-row-missing",
        severity: "warning",
        repaired: false,
        txHash: event.txHash,
        detail: `update ${event.updateId}`,
      }
    : {
        kind: "foreign-write",
        severity: "alert",
        repaired: false,
        txHash: event.txHash,
        detail: `update ${event.updateId} written by our key outside this layer`,
      };
}
