// Time-based behaviour with the real SDK: scheduled messages and their cancellation, time to live with
// dead-lettering on expiry, and duplicate detection by message id within the configured window.
import { describe, expect, it } from "vitest";
import { countsOf, eventually, scenarioConfig, useEmulator } from "./harness.js";

const sb = useEmulator(
  scenarioConfig([
    { name: "scheduled" },
    { name: "scheduled-plain" },
    { name: "cancel" },
    { name: "ttl-dlq", properties: { DeadLetteringOnMessageExpiration: true } },
    { name: "ttl-drop" },
    { name: "ttl-deferred", properties: { DeadLetteringOnMessageExpiration: true } },
    { name: "dedupe", properties: { RequiresDuplicateDetection: true, DuplicateDetectionHistoryTimeWindow: "PT2S" } },
  ]),
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.concurrent("scheduled messages", () => {
  it("keeps a scheduled message invisible until its enqueue time", async () => {
    const at = new Date(Date.now() + 2500);
    const [seq] = await sb.client().createSender("scheduled").scheduleMessages({ body: "retry" }, at);
    expect(seq!.toNumber()).toBeGreaterThan(0);
    expect(await countsOf(sb.emulator(), "scheduled")).toMatchObject({ active: 0, scheduled: 1 });
    const receiver = sb.client().createReceiver("scheduled");
    const [peeked] = await receiver.peekMessages(1);
    expect(peeked?.state).toBe("scheduled");
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 5000 });
    expect(m?.body).toBe("retry");
    expect(m?.enqueuedTimeUtc!.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(m?.scheduledEnqueueTimeUtc?.getTime()).toBe(at.getTime());
    await receiver.completeMessage(m!);
  });

  it("accepts a scheduledEnqueueTimeUtc set on a plain send", async () => {
    const at = new Date(Date.now() + 2000);
    await sb.client().createSender("scheduled-plain").sendMessages({ body: "plain", scheduledEnqueueTimeUtc: at });
    expect(await countsOf(sb.emulator(), "scheduled-plain")).toMatchObject({ scheduled: 1 });
    const [m] = await sb.client().createReceiver("scheduled-plain").receiveMessages(1, { maxWaitTimeInMs: 3000 });
    expect(m?.body).toBe("plain");
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 5);
  });

  it("cancels a scheduled message so it is never delivered", async () => {
    const sender = sb.client().createSender("cancel");
    const [seq] = await sender.scheduleMessages({ body: "cancelled" }, new Date(Date.now() + 1500));
    await sender.cancelScheduledMessages(seq!);
    expect(await countsOf(sb.emulator(), "cancel")).toMatchObject({ active: 0, scheduled: 0 });
    await sleep(1700);
    expect(await sb.client().createReceiver("cancel").receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
  });
});

describe.concurrent("time to live", () => {
  it("dead-letters an expired message with TTLExpiredException when the queue asks for it", async () => {
    await sb.client().createSender("ttl-dlq").sendMessages({ body: "stale", timeToLive: 300 });
    await eventually(async () =>
      expect(await countsOf(sb.emulator(), "ttl-dlq")).toMatchObject({ active: 0, deadLetter: 1 }),
    );
    const [dead] = await sb
      .client()
      .createReceiver("ttl-dlq", { subQueueType: "deadLetter" })
      .receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(dead?.body).toBe("stale");
    expect(dead?.deadLetterReason).toBe("TTLExpiredException");
  });

  it("expires deferred messages too", async () => {
    await sb.client().createSender("ttl-deferred").sendMessages({ body: "set aside", timeToLive: 1000 });
    const receiver = sb.client().createReceiver("ttl-deferred", { maxAutoLockRenewalDurationInMs: 0 });
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.deferMessage(m!);
    expect(await countsOf(sb.emulator(), "ttl-deferred")).toMatchObject({ deferred: 1 });
    await eventually(async () =>
      expect(await countsOf(sb.emulator(), "ttl-deferred")).toMatchObject({ deferred: 0, deadLetter: 1 }),
    );
  });

  it("drops an expired message when the queue does not dead-letter on expiry", async () => {
    await sb.client().createSender("ttl-drop").sendMessages({ body: "gone", timeToLive: 200 });
    await sleep(400);
    expect(await sb.client().createReceiver("ttl-drop").receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
    expect(await countsOf(sb.emulator(), "ttl-drop")).toMatchObject({ active: 0, deadLetter: 0 });
  });
});

describe("duplicate detection", () => {
  it("drops a message whose id was seen within the window, and accepts it again after the window", async () => {
    const sender = sb.client().createSender("dedupe");
    await sender.sendMessages({ body: "first", messageId: "update-1" });
    await sender.sendMessages({ body: "duplicate", messageId: "update-1" });
    await sender.sendMessages({ body: "other", messageId: "update-2" });
    expect(await countsOf(sb.emulator(), "dedupe")).toMatchObject({ active: 2 });
    await sleep(2200);
    await sender.sendMessages({ body: "after window", messageId: "update-1" });
    const got = await sb
      .client()
      .createReceiver("dedupe", { receiveMode: "receiveAndDelete" })
      .receiveMessages(10, { maxWaitTimeInMs: 1000 });
    expect(got.map((m) => m.body)).toEqual(["first", "other", "after window"]);
  });
});
