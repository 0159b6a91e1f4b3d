import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_REASON_LENGTH,
  ServiceBusResultPublisher,
} from "../../lib/adapters/servicebus/serviceBusResultPublisher.js";
import { isAppError } from "../../lib/domain/appError.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import type { UpdateResult } from "../../lib/ports/submission.js";

const queue = (name: string) => ({
  Name: name,
  Properties: { RequiresDuplicateDetection: true, DuplicateDetectionHistoryTimeWindow: "PT10M", MaxDeliveryCount: 10 },
});

describe("ServiceBusResultPublisher", () => {
  let emulator: ServiceBusEmulator;
  let client: ServiceBusClient;

  beforeAll(async () => {
    emulator = await startServiceBusEmulator({
      config: { UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: [queue("results")], Topics: [] }] } },
    });
    client = new ServiceBusClient(emulator.connectionString);
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it("sends each result once as JSON, even when a replayed step publishes it again", async () => {
    const publisher = new ServiceBusResultPublisher(client.createSender("results"));
    const results: UpdateResult[] = Array.from({ length: 300 }, (_, i) => ({
      updateId: `bank-a/${i}`,
      status: i % 2 === 0 ? "confirmed" : "superseded",
      txHash: "0x" + "ab".repeat(32),
      blockNumber: 7,
      at: "2026-11-22T10:00:00.000Z",
    }));
    await publisher.publish(results);
    await publisher.publish(results.slice(0, 50));
    const receiver = client.createReceiver("results", { receiveMode: "receiveAndDelete" });
    const received = [];
    for (let i = 0; i < 20 && received.length < 300; i++) {
      received.push(...(await receiver.receiveMessages(300, { maxWaitTimeInMs: 500 })));
    }
    expect(received).toHaveLength(300);
    expect(received[0]).toMatchObject({ contentType: "application/json", subject: "confirmed" });
    expect(received[0]?.body).toEqual({ ...results[0], messageId: "bank-a/0", scope: "update" });
    expect(await receiver.receiveMessages(10, { maxWaitTimeInMs: 300 })).toHaveLength(0);
    await receiver.close();
  });

  it("cuts a reason of any length so that the result still fits one message", async () => {
    const publisher = new ServiceBusResultPublisher(client.createSender("results"));
    const reason = "reverted: " + "x".repeat(1_000_000);
    await publisher.publish([{ updateId: "bank-a/long", status: "rejected", reason, at: "2026-11-22T10:00:00.000Z" }]);
    const receiver = client.createReceiver("results", { receiveMode: "receiveAndDelete" });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.close();
    const body = message?.body as UpdateResult;
    expect(body.reason?.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
    expect(body.reason).toMatch(/^reverted: x+… \(\d+ characters cut\)$/);
  });

  it("keys message answers by message: two id-less rejections both arrive, and neither suppresses an update's own result", async () => {
    const publisher = new ServiceBusResultPublisher(client.createSender("results"));
    const at = "2026-11-22T10:00:00.000Z";
    const refusal = (messageId: string, reason: string): UpdateResult => ({
      updateId: "(unknown)",
      messageId,
      scope: "message",
      status: "rejected",
      reason,
      at,
    });
    await publisher.publish([
      refusal("m-1", "(body): is not valid JSON"),
      refusal("m-2", "(body): is not valid JSON"),
      {
        updateId: "bank-a/x",
        messageId: "bank-a/x",
        scope: "message",
        status: "rejected",
        reason: "score: too high",
        at,
      },
      { updateId: "bank-a/x", status: "rejected", reason: "reverted: NotMember(0x01)", at },
    ]);
    await publisher.publish([refusal("m-1", "(body): is not valid JSON")]);
    const receiver = client.createReceiver("results", { receiveMode: "receiveAndDelete" });
    const received = [];
    for (let i = 0; i < 10 && received.length < 4; i++) {
      received.push(...(await receiver.receiveMessages(10, { maxWaitTimeInMs: 500 })));
    }
    received.push(...(await receiver.receiveMessages(10, { maxWaitTimeInMs: 300 })));
    await receiver.close();
    expect(received.map((m) => `${(m.body as UpdateResult).messageId} ${(m.body as UpdateResult).scope}`)).toEqual([
      "m-1 message",
      "m-2 message",
      "bank-a/x message",
      "bank-a/x update",
    ]);
  });

  it("maps an unknown queue to CONFIG_INVALID", async () => {
    const publisher = new ServiceBusResultPublisher(client.createSender("no-such-queue"));
    const error = await publisher.publish([{ updateId: "u", status: "accepted", at: "now" }]).catch((e: unknown) => e);
    expect(isAppError(error, "CONFIG_INVALID")).toBe(true);
  });
});
