import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryJobOf, ServiceBusDeliveryQueue } from "../../lib/adapters/serviceBusDeliveryQueue.js";
import { isAppError } from "../../lib/domain/appError.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "../../local/servicebus/emulator.js";

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

  it("makes a job visible at its scheduled time, not before", async () => {
    const deliveryQueue = new ServiceBusDeliveryQueue(client.createSender("delivery"));
    const job = { subscriptionId: "sub_1", webhookId: "msg_1", token: "abc" };
    const at = new Date(Date.now() + 1_500);
    await deliveryQueue.scheduleMany([
      { job, at },
      { job: { ...job, webhookId: "msg_now" }, at: new Date() },
    ]);
    const receiver = client.createReceiver("delivery", { receiveMode: "receiveAndDelete" });
    const early = await receiver.receiveMessages(10, { maxWaitTimeInMs: 500 });
    expect(early.map((m) => deliveryJobOf(m).webhookId)).toEqual(["msg_now"]);
    const later = [];
    for (let i = 0; i < 10 && later.length === 0; i++) {
      later.push(...(await receiver.receiveMessages(10, { maxWaitTimeInMs: 500 })));
    }
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 50);
    expect(later.map(deliveryJobOf)).toEqual([job]);
    expect(await receiver.receiveMessages(10, { maxWaitTimeInMs: 300 })).toHaveLength(0);
    await receiver.close();
  });

  it("sends a thousand jobs due at different times in size-limited batches, each visible once", async () => {
    const deliveryQueue = new ServiceBusDeliveryQueue(client.createSender("delivery"));
    const jobs = Array.from({ length: 1000 }, (_, n) => ({
      job: { subscriptionId: "sub_" + "a".repeat(24), webhookId: `msg_${"0".repeat(28)}${n}`, token: "f".repeat(16) },
      at: new Date(Date.now() + (n % 2) * 300),
    }));
    await deliveryQueue.scheduleMany(jobs);
    await deliveryQueue.scheduleMany([]);
    const receiver = client.createReceiver("delivery", { receiveMode: "receiveAndDelete" });
    const seen: string[] = [];
    for (let i = 0; i < 40 && seen.length < jobs.length; i++) {
      seen.push(
        ...(await receiver.receiveMessages(500, { maxWaitTimeInMs: 300 })).map((m) => deliveryJobOf(m).webhookId),
      );
    }
    expect(new Set(seen).size).toBe(1000);
    expect(seen).toHaveLength(1000);
    await receiver.close();
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
