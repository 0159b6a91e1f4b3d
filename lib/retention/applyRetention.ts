// Retention, run by the retention timer: deletes finished work past its retention, at most `batchSize` rows per
// store (per subscription for deliveries) a run, so a run's work is bounded and a backlog drains over successive runs.
// Nothing unfinished is ever selected: outbox entries not final, transactions in flight, pending deliveries and
// running orchestrations stay whatever their age. Reconciliation reports are pruned by each reconciliation run.
import type { DeliveryStore } from "../ports/distribution.js";
import type { OrchestrationHistory } from "../ports/retention.js";
import type { SubscriptionStore } from "../ports/subscriptions.js";
import type { Clock } from "../ports/runtime.js";
import type { OutboxStore } from "../ports/outbox.js";
import type { TransactionStore } from "../ports/submission.js";

/** How long each kind of finished work is kept, and the most one run deletes per store. */
export interface RetentionSettings {
  outboxInMs: number;
  transactionsInMs: number;
  deliveriesInMs: number;
  failedDeliveriesInMs: number;
  orchestrationsInMs: number;
  batchSize: number;
}

/** What retention needs. */
export interface RetentionDeps {
  outbox: Pick<OutboxStore, "prune">;
  transactions: Pick<TransactionStore, "prune">;
  deliveries: Pick<DeliveryStore, "prune">;
  subscriptions: Pick<SubscriptionStore, "list">;
  orchestrations: OrchestrationHistory;
  /** The signing key's address, whose transactions are kept. */
  signerAddress: string;
  clock: Clock;
  settings: RetentionSettings;
}

/** How many of each were deleted. */
export interface RetentionResult {
  outbox: number;
  transactions: number;
  deliveries: number;
  orchestrations: number;
}

/** Deletes one batch of each kind of finished work past its retention. */
export async function applyRetention(deps: RetentionDeps): Promise<RetentionResult> {
  const now = deps.clock.now().getTime();
  const { settings } = deps;
  const before = (ms: number) => new Date(now - ms).toISOString();
  const outbox = await deps.outbox.prune(before(settings.outboxInMs), settings.batchSize);
  const transactions = await deps.transactions.prune(
    deps.signerAddress,
    before(settings.transactionsInMs),
    settings.batchSize,
  );
  let deliveries = 0;
  for (const subscription of await deps.subscriptions.list()) {
    deliveries += await deps.deliveries.prune(subscription.id, {
      deliveredBefore: before(settings.deliveriesInMs),
      failedBefore: before(settings.failedDeliveriesInMs),
      limit: settings.batchSize,
    });
  }
  const orchestrations = await deps.orchestrations.purge(before(settings.orchestrationsInMs));
  return { outbox, transactions, deliveries, orchestrations };
}
