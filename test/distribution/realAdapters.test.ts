import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDistributionAdapters, type DistributionAdapters } from "../../lib/adapters/distributionAdapters.js";
import { RpcPool } from "../../lib/adapters/rpcPool.js";
import { deliveryJobOf } from "../../lib/adapters/serviceBusDeliveryQueue.js";
import { loadConfig } from "../../lib/config.js";
import { dispatchDelivery } from "../../lib/distribution/dispatchDelivery.js";
import { fanOutEvents } from "../../lib/distribution/fanOutEvents.js";
import { getHealth } from "../../lib/readApi/getHealth.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "../../local/keyvault/keyVaultStandIn.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "../../local/servicebus/emulator.js";
import { testStack } from "../stack.js";
import { OWN_ADDRESS, sampleEvent } from "../support/distributionHarness.js";
import { CountingRandom } from "../support/memoryPorts.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhookReceiver.js";

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
