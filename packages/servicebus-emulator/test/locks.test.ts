// Peek-lock timing with the real SDK: the configured lock duration, redelivery when a lock expires,
// MessageLockLost when settling with a stale lock, and lock renewal through `$management` (manual and
// automatic).
import { isServiceBusError } from "@azure/service-bus";
import { describe, expect, it } from "vitest";
import { scenarioConfig, useEmulator } from "./harness.js";

const LOCK = { LockDuration: "PT1S" };
const sb = useEmulator(
  scenarioConfig([
    { name: "duration", properties: { LockDuration: "PT30S" } },
    { name: "expiry", properties: LOCK },
    { name: "renew", properties: { LockDuration: "PT2S" } },
    { name: "renew-late", properties: { LockDuration: "PT2S" } },
    // The SDK renews at half the remaining lock time, and at once below one second: use two seconds.
    { name: "autorenew", properties: { LockDuration: "PT2S" } },
  ]),
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("lock duration", () => {
  it("locks a received message for the queue's LockDuration", async () => {
    await sb.client().createSender("duration").sendMessages({ body: "d" });
    const receiver = sb.client().createReceiver("duration", { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    const lockedFor = m!.lockedUntilUtc!.getTime() - Date.now();
    expect(lockedFor).toBeGreaterThan(28_000);
    expect(lockedFor).toBeLessThanOrEqual(30_000);
    await receiver.completeMessage(m!);
  });
});

describe("lock expiry", () => {
  it("redelivers a message whose lock expired, and refuses the stale lock with MessageLockLost", async () => {
    await sb.client().createSender("expiry").sendMessages({ body: "slow" });
    const receiver = sb.client().createReceiver("expiry", { maxAutoLockRenewalDurationInMs: 0 });
    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await sleep(1300);
    const [again] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(again?.body).toBe("slow");
    expect(again?.deliveryCount).toBe(1);
    const error = await receiver.completeMessage(first!).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("MessageLockLost");
    await receiver.completeMessage(again!);
  });
});

describe.concurrent("lock renewal", () => {
  it("extends the lock through $management so the message can still be completed", async () => {
    await sb.client().createSender("renew").sendMessages({ body: "long job" });
    const receiver = sb.client().createReceiver("renew", { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    const before = m!.lockedUntilUtc!.getTime();
    await sleep(1200);
    const renewed = await receiver.renewMessageLock(m!);
    expect(renewed.getTime()).toBeGreaterThan(before);
    await sleep(1200);
    await receiver.completeMessage(m!);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 })).toHaveLength(0);
  });

  it("auto-renews locks while subscribe's handler runs past the lock duration", async () => {
    await sb.client().createSender("autorenew").sendMessages({ body: "slow handler" });
    const receiver = sb.client().createReceiver("autorenew", { maxAutoLockRenewalDurationInMs: 10_000 });
    const deliveries: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = receiver.subscribe(
        {
          processMessage: async (m) => {
            deliveries.push(m.deliveryCount!);
            await sleep(3500);
            setTimeout(() => void sub.close().then(resolve), 100);
          },
          processError: async (args) => reject(args.error),
        },
        { maxConcurrentCalls: 1 },
      );
    });
    expect(deliveries).toEqual([0]);
    expect(await receiver.peekMessages(1)).toHaveLength(0);
  });

  it("raises MessageLockLost when renewing a lock that already expired", async () => {
    await sb.client().createSender("renew-late").sendMessages({ body: "too late" });
    const receiver = sb.client().createReceiver("renew-late", { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await sleep(2300);
    const error = await receiver.renewMessageLock(m!).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("MessageLockLost");
  });
});
