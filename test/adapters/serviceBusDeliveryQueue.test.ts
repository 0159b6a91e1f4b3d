// Adapter-specific behaviour of ServiceBusDeliveryQueue (error mapping, parsing received jobs); the port's behaviour
// is test/ports/deliveryQueue.contract.ts.
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryJobOf, ServiceBusDeliveryQueue } from "../../lib/adapters/servicebus/serviceBusDeliveryQueue.js";
import { isAppError } from "../../lib/domain/appError.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";

const queue = (name: string) => ({
  Name: name,
  Properties: { RequiresDuplicateDetection: true, DuplicateDetectionHistoryTimeWindow: "PT10M", MaxDeliveryCount: 10 },
});

describe("ServiceBusDeliveryQueue", () => {
  let emulator: ServiceBusEmulator;
  let client: ServiceBusClient;

  beforeAll(async () => {
    emulator = await startServiceBusEmulator({
      config: { UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: [queue("delivery")], Topics: [] }] } },
    });
    client = new ServiceBusClient(emulator.connectionString);
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it("maps an unknown queue to CONFIG_INVALID and rejects a malformed job", async () => {
    const deliveryQueue = new ServiceBusDeliveryQueue(client.createSender("no-such-queue"));
    const error = await deliveryQueue
      .scheduleMany([{ job: { subscriptionId: "s", webhookId: "w", token: "t" }, at: new Date() }])
      .catch((e: unknown) => e);
    expect(isAppError(error, "CONFIG_INVALID")).toBe(true);
    expect(() => deliveryJobOf({ body: { subscriptionId: "s" } })).toThrow(/delivery job/);
  });
});
