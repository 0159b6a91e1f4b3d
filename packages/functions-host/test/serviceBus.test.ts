import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../src/harness.js";
import { fixtureApp } from "./paths.js";

interface FixtureEvent {
  kind: string;
  [detail: string]: unknown;
}

const queue = (name: string, properties: Record<string, unknown> = {}): Record<string, unknown> => ({
  Name: name,
  Properties: { LockDuration: "PT5S", MaxDeliveryCount: 10, RequiresSession: false, ...properties },
});

let h: TestHost;
let connectionString: string;

beforeAll(async () => {
  h = await startTestHost({
    appDir: fixtureApp("hostApp"),
    settings: { "AzureWebJobs.tick.Disabled": "true" },
    serviceBusEmulator: {
      UserConfig: {
        Namespaces: [
          {
            Name: "sbemulatorns",
            Queues: [
              queue("orders"),
              queue("results"),
              queue("poison", { MaxDeliveryCount: 2 }),
              queue("batch"),
              queue("sessions", { RequiresSession: true }),
              queue("slow", { LockDuration: "PT1S" }),
            ],
            Topics: [],
          },
        ],
      },
    } as never,
  });
  connectionString = h.host.settings.ServiceBusConnection as string;
});
afterAll(() => h?.stop());

async function eventsOf(kind: string, count: number, timeoutInMs = 15_000): Promise<FixtureEvent[]> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const events = ((await (await h.fetch("/api/events")).json()) as FixtureEvent[]).filter((e) => e.kind === kind);
    if (events.length >= count || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("Service Bus triggers", () => {
  it("delivers a message with runtime-shaped metadata and sends the return value through the output binding", async () => {
    await h.sendToQueue(
      "orders",
      { id: "o-1", amount: 5 },
      {
        messageId: "m-1",
        contentType: "application/json",
        applicationProperties: { Source: "core" },
      },
    );
    const [order] = await eventsOf("order", 1);
    expect(order).toMatchObject({
      message: { id: "o-1", amount: 5 },
      messageId: "m-1",
      deliveryCount: 1,
      contentType: "application/json",
      applicationProperties: { source: "core" },
      hasLockToken: true,
    });
    const [result] = await eventsOf("result", 1);
    expect(result?.message).toEqual({ orderId: "o-1", status: "accepted" });
  });

  it("abandons on failure and lets the broker dead-letter after maxDeliveryCount", async () => {
    await h.sendToQueue("poison", "bad payload", { messageId: "p-1" });
    const attempts = await eventsOf("poison", 2);
    expect(attempts.map((a) => a.deliveryCount)).toEqual([1, 2]);
    const client = new ServiceBusClient(connectionString);
    const dlq = client.createReceiver("poison", { subQueueType: "deadLetter" });
    const [dead] = await dlq.receiveMessages(1, { maxWaitTimeInMs: 5000 });
    expect(dead?.messageId).toBe("p-1");
    await dlq.completeMessage(dead as never);
    await client.close();
  });

  it("delivers batches to cardinality many with …Array metadata", async () => {
    const client = new ServiceBusClient(connectionString);
    const sender = client.createSender("batch");
    await sender.sendMessages([1, 2, 3].map((n) => ({ body: { n }, messageId: `b-${n}` })));
    await client.close();
    const batches = await eventsOf("batch", 1);
    const messages = batches.flatMap((b) => b.messages as unknown[]);
    expect(messages).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }, { n: 3 }]));
    expect(batches.flatMap((b) => b.messageIds as string[])).toEqual(expect.arrayContaining(["b-1", "b-2", "b-3"]));
  });

  it("receives session messages in order per session", async () => {
    for (const n of [1, 2, 3]) await h.sendToQueue("sessions", { n }, { sessionId: "s-a" });
    const events = await eventsOf("session", 3);
    expect(events.map((e) => [e.sessionId, e.message])).toEqual([
      ["s-a", { n: 1 }],
      ["s-a", { n: 2 }],
      ["s-a", { n: 3 }],
    ]);
  });

  it("renews the lock while a function runs longer than the lock duration", async () => {
    await h.sendToQueue("slow", "take your time");
    expect(await eventsOf("slow", 1)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await eventsOf("slow", 2, 0)).toHaveLength(1);
  });
});
