// Runs the DeliveryQueue contract against the in-memory fake and the Service Bus adapter on the project's emulator
// (one queue per test, configured as infra/modules/serviceBus.bicep configures the delivery queue).
import { ServiceBusClient } from "@azure/service-bus";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll } from "vitest";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { deliveryJobOf, ServiceBusDeliveryQueue } from "../../lib/adapters/servicebus/serviceBusDeliveryQueue.js";
import { MemoryDeliveryQueue } from "../support/memoryDistribution.js";
import { describeDeliveryQueue } from "./deliveryQueue.contract.js";

const QUEUES = 8;
const queueConfig = (name: string) => ({
  Name: name,
  Properties: { RequiresDuplicateDetection: true, DuplicateDetectionHistoryTimeWindow: "P1D", MaxDeliveryCount: 10 },
});

let emulator: ServiceBusEmulator;
let client: ServiceBusClient;
let used = 0;
beforeAll(async () => {
  const queues = Array.from({ length: QUEUES }, (_, n) => queueConfig(`delivery-${n}`));
  emulator = await startServiceBusEmulator({
    config: { UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: queues, Topics: [] }] } },
  });
  client = new ServiceBusClient(emulator.connectionString);
});
afterAll(async () => {
  await client.close();
  await emulator.stop();
});

describeDeliveryQueue("MemoryDeliveryQueue", async () => {
  const queue = new MemoryDeliveryQueue();
  return {
    queue,
    async receive(maxWaitInMs) {
      const deadline = Date.now() + maxWaitInMs;
      let due = queue.takeDue(new Date());
      while (due.length === 0 && Date.now() < deadline) {
        await sleep(20);
        due = queue.takeDue(new Date());
      }
      return due;
    },
  };
});

describeDeliveryQueue("ServiceBusDeliveryQueue", async () => {
  const name = `delivery-${used++}`;
  const receiver = client.createReceiver(name, { receiveMode: "receiveAndDelete" });
  return {
    queue: new ServiceBusDeliveryQueue(client.createSender(name)),
    async receive(maxWaitInMs) {
      return (await receiver.receiveMessages(500, { maxWaitTimeInMs: maxWaitInMs })).map(deliveryJobOf);
    },
  };
});
