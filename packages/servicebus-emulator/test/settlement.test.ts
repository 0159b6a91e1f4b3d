// Settling received messages with the real SDK: complete, abandon (redelivery with a higher delivery count and
// merged properties), defer and receive-deferred, dead-letter with reason into `<queue>/$DeadLetterQueue`,
// settlement through `$management` after the receive link closed, and settling twice.
import { isServiceBusError } from "@azure/service-bus";
import { describe, expect, it } from "vitest";
import { countsOf, scenarioConfig, useEmulator } from "./harness.js";

const queues = ["complete", "abandon", "defer", "deadletter", "mgmt", "twice", "maxdelivery"];
const sb = useEmulator(
  scenarioConfig(queues.map((name) => ({ name, properties: name === "maxdelivery" ? { MaxDeliveryCount: 3 } : {} }))),
);

async function sendAndReceiveOne(queue: string, body: unknown) {
  await sb
    .client()
    .createSender(queue)
    .sendMessages({ body, applicationProperties: { origin: "test" } });
  const receiver = sb.client().createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
  if (!m) throw new Error(`no message on ${queue}`);
  return { receiver, m };
}

describe("complete", () => {
  it("removes the message from the queue", async () => {
    const { receiver, m } = await sendAndReceiveOne("complete", "done");
    await receiver.completeMessage(m);
    expect(await receiver.peekMessages(5)).toHaveLength(0);
    expect(await countsOf(sb.emulator(), "complete")).toMatchObject({ active: 0, locked: 0 });
  });
});

describe("abandon", () => {
  it("redelivers at once with deliveryCount + 1 and the modified properties merged", async () => {
    const { receiver, m } = await sendAndReceiveOne("abandon", "again");
    await receiver.abandonMessage(m, { reason: "transient" });
    const [again] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(again?.body).toBe("again");
    expect(again?.deliveryCount).toBe(1);
    expect(again?.sequenceNumber?.toNumber()).toBe(m.sequenceNumber?.toNumber());
    expect(again?.applicationProperties).toEqual({ origin: "test", reason: "transient" });
    await receiver.completeMessage(again!);
  });
});

describe("defer", () => {
  it("hides the message until it is received by sequence number, then completes it", async () => {
    const { receiver, m } = await sendAndReceiveOne("defer", "later");
    await receiver.deferMessage(m, { step: "waiting" });
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
    expect(await countsOf(sb.emulator(), "defer")).toMatchObject({ active: 0, deferred: 1 });
    const [deferred] = await receiver.receiveDeferredMessages(m.sequenceNumber!);
    expect(deferred?.body).toBe("later");
    expect(deferred?.state).toBe("deferred");
    expect(deferred?.applicationProperties).toMatchObject({ step: "waiting" });
    await receiver.completeMessage(deferred!);
    expect(await countsOf(sb.emulator(), "defer")).toMatchObject({ active: 0, deferred: 0 });
  });

  it("raises MessageNotFound for a sequence number that is not deferred", async () => {
    const { receiver, m } = await sendAndReceiveOne("defer", "not deferred");
    const error = await receiver.receiveDeferredMessages(m.sequenceNumber!.add(1000)).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("MessageNotFound");
    await receiver.completeMessage(m);
  });
});

describe("dead-letter", () => {
  it("moves the message to the dead-letter queue with reason and description, readable and completable there", async () => {
    const { receiver, m } = await sendAndReceiveOne("deadletter", { bad: true });
    await receiver.deadLetterMessage(m, {
      deadLetterReason: "InvalidMessage",
      deadLetterErrorDescription: "score missing",
    });
    expect(await countsOf(sb.emulator(), "deadletter")).toMatchObject({ active: 0, deadLetter: 1 });
    const dlq = sb.client().createReceiver("deadletter", { subQueueType: "deadLetter" });
    const [dead] = await dlq.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(dead?.body).toEqual({ bad: true });
    expect(dead?.deadLetterReason).toBe("InvalidMessage");
    expect(dead?.deadLetterErrorDescription).toBe("score missing");
    expect(dead?.applicationProperties).toMatchObject({ origin: "test" });
    const peek = (await (
      await fetch(`${sb.emulator().inspectionUrl}/queues/deadletter/deadletter`)
    ).json()) as unknown[];
    expect(peek).toEqual([expect.objectContaining({ deadLetterReason: "InvalidMessage", body: { bad: true } })]);
    await dlq.completeMessage(dead!);
    expect(await countsOf(sb.emulator(), "deadletter")).toMatchObject({ deadLetter: 0 });
  });

  it("dead-letters with MaxDeliveryCountExceeded once maxDeliveryCount deliveries were abandoned", async () => {
    await sb.client().createSender("maxdelivery").sendMessages({ body: "poison" });
    const receiver = sb.client().createReceiver("maxdelivery", { maxAutoLockRenewalDurationInMs: 0 });
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
      counts.push(m!.deliveryCount!);
      await receiver.abandonMessage(m!);
    }
    expect(counts).toEqual([0, 1, 2]);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
    const [dead] = await sb
      .client()
      .createReceiver("maxdelivery", { subQueueType: "deadLetter" })
      .receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(dead?.body).toBe("poison");
    expect(dead?.deadLetterReason).toBe("MaxDeliveryCountExceeded");
  });
});

describe("settlement via $management", () => {
  it("completes a message after its receive link closed", async () => {
    const { receiver, m } = await sendAndReceiveOne("mgmt", "late");
    await receiver.close();
    await sb.client().createReceiver("mgmt").completeMessage(m);
    expect(await countsOf(sb.emulator(), "mgmt")).toMatchObject({ active: 0, locked: 0 });
  });
});

describe("settling twice", () => {
  it("is refused by the SDK on the receive link, and answered with MessageLockLost through $management", async () => {
    const first = await sendAndReceiveOne("twice", "once");
    await first.receiver.completeMessage(first.m);
    await expect(first.receiver.completeMessage(first.m)).rejects.toThrow(/already settled/i);

    const second = await sendAndReceiveOne("twice", "twice");
    await second.receiver.close();
    const other = sb.client().createReceiver("twice");
    await other.completeMessage(second.m);
    const error = await other.completeMessage(second.m).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("MessageLockLost");
    expect(await countsOf(sb.emulator(), "twice")).toMatchObject({ active: 0, locked: 0 });
  });
});
