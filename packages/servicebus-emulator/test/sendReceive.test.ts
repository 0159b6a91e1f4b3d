// Sending and receiving with the real SDK: single, array and batch sends, peek-lock and receive-and-delete
// receivers, subscribe, peek, and the properties the service stamps on every received message.
import { describe, expect, it } from "vitest";
import { countsOf, eventually, scenarioConfig, useEmulator } from "./harness.js";

const queues = ["single", "array", "batch", "full", "props", "subscribe", "rnd", "drain", "peek"];
const sb = useEmulator(scenarioConfig(queues.map((name) => ({ name }))));

describe("send", () => {
  it("delivers a single message with its body, properties and a service-assigned message id", async () => {
    const sender = sb.client().createSender("single");
    await sender.sendMessages({
      body: { updateId: "u-1" },
      contentType: "application/json",
      correlationId: "c-1",
      subject: "credit",
      applicationProperties: { bank: "b1", attempt: 2 },
    });
    const receiver = sb.client().createReceiver("single");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(m?.body).toEqual({ updateId: "u-1" });
    expect(m?.contentType).toBe("application/json");
    expect(m?.correlationId).toBe("c-1");
    expect(m?.subject).toBe("credit");
    expect(m?.applicationProperties).toEqual({ bank: "b1", attempt: 2 });
    expect(m?.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(m?.deliveryCount).toBe(0);
    expect(m?.sequenceNumber?.toNumber()).toBe(1);
    expect(m?.enqueuedTimeUtc?.getTime()).toBeGreaterThan(Date.now() - 10_000);
    expect(m?.lockedUntilUtc?.getTime()).toBeGreaterThan(Date.now());
    expect(m?.lockToken).toMatch(/^[0-9a-f-]{36}$/);
    await receiver.completeMessage(m!);
  });

  it("delivers every message of an array send in order, keeping given message ids", async () => {
    await sb
      .client()
      .createSender("array")
      .sendMessages([{ body: 1, messageId: "a" }, { body: 2, messageId: "b" }, { body: 3 }]);
    const receiver = sb.client().createReceiver("array", { receiveMode: "receiveAndDelete" });
    const got = await receiver.receiveMessages(3, { maxWaitTimeInMs: 2000 });
    expect(got.map((m) => m.body)).toEqual([1, 2, 3]);
    expect(got.slice(0, 2).map((m) => m.messageId)).toEqual(["a", "b"]);
  });

  it("advertises a 256 KiB max message size, which sizes createMessageBatch", async () => {
    const sender = sb.client().createSender("batch");
    const batch = await sender.createMessageBatch();
    expect(batch.maxSizeInBytes).toBe(262144);
    for (let i = 0; i < 100; i++) expect(batch.tryAddMessage({ body: `m${i}` })).toBe(true);
    await sender.sendMessages(batch);
    const receiver = sb.client().createReceiver("batch", { receiveMode: "receiveAndDelete" });
    const bodies: unknown[] = [];
    while (bodies.length < 100) {
      const got = await receiver.receiveMessages(100, { maxWaitTimeInMs: 1000 });
      if (got.length === 0) break;
      bodies.push(...got.map((m) => m.body));
    }
    expect(bodies).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
  });

  it("accepts a batch filled to the advertised limit", async () => {
    const sender = sb.client().createSender("full");
    const batch = await sender.createMessageBatch();
    while (batch.tryAddMessage({ body: "x".repeat(1000) }));
    expect(batch.sizeInBytes).toBeGreaterThan(250_000);
    await sender.sendMessages(batch);
    expect(await countsOf(sb.emulator(), "full")).toMatchObject({ active: batch.count });
  });

  it("reports time to live and expiry derived from the enqueue time", async () => {
    await sb.client().createSender("props").sendMessages({ body: "ttl", timeToLive: 60_000 });
    const [m] = await sb.client().createReceiver("props", { receiveMode: "receiveAndDelete" }).receiveMessages(1);
    expect(m?.timeToLive).toBe(60_000);
    expect(m!.expiresAtUtc!.getTime() - m!.enqueuedTimeUtc!.getTime()).toBe(60_000);
  });
});

describe("receive", () => {
  it("subscribe delivers every message and auto-completes it", async () => {
    const count = 200;
    await sb
      .client()
      .createSender("subscribe")
      .sendMessages(Array.from({ length: count }, (_, i) => ({ body: i })));
    const receiver = sb.client().createReceiver("subscribe");
    const seen = new Set<number>();
    await new Promise<void>((resolve, reject) => {
      const sub = receiver.subscribe(
        {
          processMessage: async (m) => {
            seen.add(m.body as number);
            if (seen.size === count) void sub.close().then(resolve);
          },
          processError: async (args) => reject(args.error),
        },
        { maxConcurrentCalls: 10 },
      );
    });
    expect(seen.size).toBe(count);
    const left = await sb.client().createReceiver("subscribe").peekMessages(10);
    expect(left).toHaveLength(0);
  });

  it("receive-and-delete removes messages on delivery, with no lock token", async () => {
    await sb
      .client()
      .createSender("rnd")
      .sendMessages([{ body: "x" }, { body: "y" }]);
    const receiver = sb.client().createReceiver("rnd", { receiveMode: "receiveAndDelete" });
    const got = await receiver.receiveMessages(2, { maxWaitTimeInMs: 2000 });
    expect(got.map((m) => m.body)).toEqual(["x", "y"]);
    expect(got[0]?.lockToken).toBeUndefined();
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 })).toHaveLength(0);
  });

  it("returns an empty batch when the queue stays empty for maxWaitTimeInMs", async () => {
    const started = Date.now();
    const got = await sb.client().createReceiver("rnd").receiveMessages(5, { maxWaitTimeInMs: 500 });
    expect(got).toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("answers the SDK's drain so its receive link stays open across partial batches", async () => {
    await sb
      .client()
      .createSender("drain")
      .sendMessages([{ body: 1 }, { body: 2 }, { body: 3 }]);
    const receiver = sb.client().createReceiver("drain");
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const got = await receiver.receiveMessages(2, { maxWaitTimeInMs: 300 });
      for (const m of got) await receiver.completeMessage(m);
      sizes.push(got.length);
    }
    expect(sizes).toEqual([2, 1, 0]);
    // An unanswered drain makes the SDK close the link and attach a new one for the next call.
    expect(await countsOf(sb.emulator(), "drain")).toMatchObject({ active: 0, locked: 0, receivers: 1 });
    await receiver.close();
    await eventually(async () => expect(await countsOf(sb.emulator(), "drain")).toMatchObject({ receivers: 0 }));
  });
});

describe("peek", () => {
  it("peeks in sequence order without locking, continuing from the last peeked message", async () => {
    await sb
      .client()
      .createSender("peek")
      .sendMessages([{ body: "p1" }, { body: "p2" }, { body: "p3" }]);
    const receiver = sb.client().createReceiver("peek");
    const first = await receiver.peekMessages(2);
    const next = await receiver.peekMessages(2);
    expect(first.map((m) => m.body)).toEqual(["p1", "p2"]);
    expect(next.map((m) => m.body)).toEqual(["p3"]);
    expect(await receiver.peekMessages(1)).toHaveLength(0);
    const fromStart = await receiver.peekMessages(3, { fromSequenceNumber: first[0]!.sequenceNumber });
    expect(fromStart).toHaveLength(3);
    const got = await receiver.receiveMessages(3, { maxWaitTimeInMs: 1000 });
    expect(got).toHaveLength(3);
  });
});
