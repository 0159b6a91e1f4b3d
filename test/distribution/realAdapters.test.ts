import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDistributionAdapters, type DistributionAdapters } from "../../lib/composition/distributionAdapters.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { deliveryJobOf } from "../../lib/adapters/servicebus/serviceBusDeliveryQueue.js";
import { loadConfig } from "../../lib/config/config.js";
import { TableDeliveryStore } from "../../lib/adapters/tables/tableDeliveryStore.js";
import { TableSubscriptionStore } from "../../lib/adapters/tables/tableSubscriptionStore.js";
import { dispatchDeliveries } from "../../lib/distribution/dispatchDeliveries.js";
import { dispatchDelivery } from "../../lib/distribution/dispatchDelivery.js";
import { fanOutEvents } from "../../lib/distribution/fanOutEvents.js";
import { getHealth } from "../../lib/readApi/getHealth.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { testStack } from "../stack.js";
import { OWN_ADDRESS, sampleEvent } from "../support/distributionHarness.js";
import { countedTable, RequestCounter } from "../support/countedTables.js";
import { CountingRandom } from "../support/memoryPorts.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";

const example = JSON.parse(readFileSync(new URL("../../local.settings.example.json", import.meta.url), "utf8")) as {
  Values: Record<string, string>;
};

describe("distribution over the real adapters (Azurite, Service Bus emulator, Key Vault stand-in)", () => {
  let vault: KeyVaultStandIn;
  let emulator: ServiceBusEmulator;
  let serviceBus: ServiceBusClient;
  let pool: RpcPool;
  let receiver: WebhookReceiver;
  let adapters: DistributionAdapters;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    vault = await startKeyVaultStandIn();
    const queues = ["bank-a-inbound", "bank-a-delivery"].map((Name) => ({ Name }));
    emulator = await startServiceBusEmulator({
      config: { UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: queues, Topics: [] }] } },
    });
    serviceBus = new ServiceBusClient(emulator.connectionString);
    config = loadConfig({
      ...example.Values,
      AzureWebJobsStorage: testStack().storageConnectionString,
      ServiceBusConnection: emulator.connectionString,
      CHAIN_RPC_URLS: testStack().anvilRpcUrl,
      WEBHOOK_SECRETS_VAULT_URL: vault.vaultUrl,
      STORAGE_TABLE_PREFIX: `dist${randomBytes(4).toString("hex")}`,
    });
    pool = new RpcPool({ urls: config.chain.rpcUrls, chainId: 31337n, timeoutInMs: 2_000 });
    adapters = await openDistributionAdapters({
      config,
      credential: vault.credential,
      tables: testStack().storageConnectionString,
      serviceBus,
      pool,
      keyVaultClientOptions: vault.clientOptions,
    });
    receiver = await startWebhookReceiver("whsec_x");
  });
  afterAll(async () => {
    await receiver.close();
    pool.destroy();
    await serviceBus.close();
    await emulator.stop();
    await vault.stop();
  });

  it("creates a subscription, queues a delivery as a Service Bus message, and delivers it signed", async () => {
    const clock = { now: () => new Date() };
    const deps = {
      ...adapters,
      clock,
      random: new CountingRandom(),
      ownAddress: OWN_ADDRESS,
      settings: { ...config.distribution.webhook, disableAfterInMs: 3_600_000 },
    };
    const created = await createSubscription(deps, { url: receiver.url, filter: { issuers: "all" } });
    if (!created.ok) throw new Error(created.errors.join());
    receiver.setSecret(created.secret);
    expect(await fanOutEvents(deps, [sampleEvent(1)])).toBe(1);
    const messages = await serviceBus
      .createReceiver("bank-a-delivery", { receiveMode: "receiveAndDelete" })
      .receiveMessages(1, { maxWaitTimeInMs: 3_000 });
    expect(messages).toHaveLength(1);
    const result = await dispatchDelivery(deps, deliveryJobOf(messages[0]!));
    expect(result).toMatchObject({ status: "delivered" });
    expect(receiver.delivered()).toHaveLength(1);
    expect(await adapters.deliveries.attempts(created.id, receiver.delivered()[0]!.id)).toHaveLength(1);
  });

  it("fans a page out and dispatches its jobs as one batch: each delivered once, in a few storage requests each", async () => {
    const counter = new RequestCounter();
    const table = (name: string) =>
      countedTable(testStack().storageConnectionString, `${name}${randomBytes(4).toString("hex")}`, name, counter);
    const deps = {
      ...adapters,
      subscriptions: new TableSubscriptionStore(await table("subscriptions")),
      deliveries: new TableDeliveryStore(await table("deliveries")),
      clock: { now: () => new Date() },
      random: new CountingRandom(),
      ownAddress: OWN_ADDRESS,
      settings: { ...config.distribution.webhook, disableAfterInMs: 3_600_000 },
    };
    const partners = [await startWebhookReceiver("whsec_x"), await startWebhookReceiver("whsec_x")];
    try {
      for (const partner of partners) {
        const created = await createSubscription(deps, { url: partner.url, filter: { issuers: "all" } });
        if (!created.ok) throw new Error(created.errors.join());
        partner.setSecret(created.secret);
      }
      const page = Array.from({ length: 60 }, (_, n) => sampleEvent(100 + n));
      counter.reset();
      expect(await fanOutEvents(deps, page)).toBe(120);
      const fanOutRequests = counter.total();
      // A replayed page: every transaction fails on an existing row, and row-by-row creates find them all.
      expect(await fanOutEvents(deps, page)).toBe(0);
      const queue = serviceBus.createReceiver("bank-a-delivery", { receiveMode: "receiveAndDelete" });
      const messages = [];
      while (messages.length < 120) messages.push(...(await queue.receiveMessages(200, { maxWaitTimeInMs: 3_000 })));
      await queue.close();
      const jobs = messages.map(deliveryJobOf);
      counter.reset();
      const results = await dispatchDeliveries(deps, [...jobs, jobs[0]!]);
      expect(results.filter((r) => r.status === "delivered")).toHaveLength(120);
      expect(results.at(-1)).toEqual({ status: "stale" });
      for (const partner of partners) expect(new Set(partner.delivered().map((r) => r.id)).size).toBe(60);
      expect(partners[0]!.received).toHaveLength(60);
      // One subscription list, then one transaction per partition (16 per subscription).
      expect(fanOutRequests).toBeLessThanOrEqual(1 + 2 * 16);
      // One read per delivery, one per subscription, and per partition one claim and one record transaction.
      expect(counter.total() / 120).toBeLessThan(1.6);
    } finally {
      await Promise.all(partners.map((p) => p.close()));
    }
  });

  it("reports storage, Service Bus and Key Vault healthy", async () => {
    const report = await getHealth({
      probe: adapters.probe,
      checks: adapters.checks,
      settings: { ...config.distribution.health, feeStrategy: "zero" },
    });
    expect(report.dependencies.map((d) => [d.name, d.ok])).toEqual([
      ["storage", true],
      ["servicebus:bank-a-inbound", true],
      ["servicebus:bank-a-delivery", true],
      ["keyvault", true],
    ]);
    expect(report).toMatchObject({ canWrite: true, httpStatus: 200 });
  });
});
