// Retention end to end on Azurite: the real Table stores, seeded with finished work past and within retention and
// with unfinished work older than every retention; one run deletes exactly the finished work past retention.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openTableDeliveryStore } from "../../lib/adapters/tables/tableDeliveryStore.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { openTableSubscriptionStore } from "../../lib/adapters/tables/tableSubscriptionStore.js";
import { openTableTransactionStore } from "../../lib/adapters/tables/tableTransactionStore.js";
import { applyRetention } from "../../lib/retention/applyRetention.js";
import { storedTransaction } from "../ports/transactionStore.contract.js";
import { sampleDelivery } from "../support/distributionHarness.js";
import { ManualClock } from "../support/memoryPorts.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";
import { testStack } from "../stack.js";

const NOW = new Date("2027-06-01T00:00:00.000Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const ADDRESS = storedTransaction(0).address;

async function bank() {
  const conn = testStack().storageConnectionString;
  const name = (table: string) => `${table}${randomBytes(5).toString("hex")}`;
  const purged: string[] = [];
  const deps = {
    outbox: await openTableOutboxStore(conn, name("outbox")),
    transactions: await openTableTransactionStore(conn, name("transactions")),
    deliveries: await openTableDeliveryStore(conn, name("deliveries")),
    subscriptions: await openTableSubscriptionStore(conn, name("subscriptions")),
    orchestrations: { purge: async (before: string) => (purged.push(before), 0) },
    signerAddress: ADDRESS,
    clock: new ManualClock(NOW),
    settings: {
      outboxInMs: 400 * DAY,
      transactionsInMs: 400 * DAY,
      deliveriesInMs: 90 * DAY,
      failedDeliveriesInMs: 180 * DAY,
      orchestrationsInMs: 30 * DAY,
      batchSize: 100,
    },
  };
  await deps.subscriptions.create({
    id: "sub_1",
    url: "https://partner.example/hook",
    filter: "all",
    state: "active",
    secrets: [{ version: "v1" }],
    createdAt: daysAgo(900),
    updatedAt: daysAgo(900),
  });
  return { deps, purged };
}

describe("applyRetention (Azurite)", () => {
  it("deletes finished work past retention in one run, and nothing in flight however old", async () => {
    const { deps, purged } = await bank();
    const [oldFinal, recentFinal, accepted, submitted] = [1, 2, 3, 4].map((n) =>
      sampleEntry(sampleUpdate(n), daysAgo(500)),
    );
    await deps.outbox.addMany([oldFinal!, recentFinal!, accepted!, submitted!]);
    await deps.outbox.markSubmitted([oldFinal!, recentFinal!, submitted!], {
      txHash: "0x01",
      nonce: 0,
      at: daysAgo(500),
    });
    await deps.outbox.markFinal([
      { updateId: oldFinal!.updateId, status: "confirmed", at: daysAgo(450) },
      { updateId: recentFinal!.updateId, status: "confirmed", at: daysAgo(10) },
    ]);
    await deps.transactions.store(storedTransaction(0, { status: "confirmed", createdAt: daysAgo(500) }));
    await deps.transactions.store(storedTransaction(1, { status: "broadcast", createdAt: daysAgo(500) }));
    await deps.transactions.store(storedTransaction(2, { status: "confirmed", createdAt: daysAgo(10) }));
    const at = (days: number) => ({ createdAt: daysAgo(days), updatedAt: daysAgo(days) });
    await deps.deliveries.addMany([sampleDelivery(1, { ...at(300), nextAttemptAt: daysAgo(300) })]); // pending
    await deps.deliveries.putMany(
      [
        sampleDelivery(2, { status: "delivered", ...at(100) }),
        sampleDelivery(3, { status: "delivered", ...at(50) }),
        sampleDelivery(4, { status: "exhausted", ...at(100) }),
        sampleDelivery(5, { status: "exhausted", ...at(200) }),
      ],
      [2, 5].map((n) => ({
        subscriptionId: "sub_1",
        webhookId: `msg_${n}`,
        attempt: 1,
        at: daysAgo(200),
        outcome: "2xx",
        durationInMs: 3,
      })),
    );

    expect(await applyRetention(deps)).toEqual({ outbox: 1, transactions: 1, deliveries: 2, orchestrations: 0 });
    expect(await deps.outbox.get(oldFinal!.updateId)).toBeNull();
    for (const kept of [recentFinal!, accepted!, submitted!])
      expect(await deps.outbox.get(kept.updateId)).not.toBeNull();
    expect((await deps.outbox.pending(10)).map((e) => e.updateId)).toEqual([accepted!.updateId]);
    expect(await deps.transactions.get(ADDRESS, 0)).toBeNull();
    expect((await deps.transactions.unfinished(ADDRESS)).map((t) => t.nonce)).toEqual([1]);
    expect(await deps.transactions.get(ADDRESS, 2)).not.toBeNull();
    expect((await deps.deliveries.list("sub_1")).map((d) => d.webhookId).sort()).toEqual(["msg_1", "msg_3", "msg_4"]);
    expect(await deps.deliveries.attempts("sub_1", "msg_2")).toEqual([]);
    expect(await deps.deliveries.overdue("sub_1", NOW.toISOString(), 10)).toHaveLength(1);
    expect(await deps.deliveries.exhausted("sub_1", 10)).toBe(1);
    expect(purged).toEqual([daysAgo(30)]);

    expect(await applyRetention(deps)).toEqual({ outbox: 0, transactions: 0, deliveries: 0, orchestrations: 0 });
  });
});
