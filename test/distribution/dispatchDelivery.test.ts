import { describe, expect, it } from "vitest";
import { dispatchDelivery } from "../../lib/distribution/dispatchDelivery.js";
import { fanOutEvents } from "../../lib/distribution/fanOutEvents.js";
import { replayDeliveries } from "../../lib/distribution/replayDeliveries.js";
import { rotateSubscriptionSecret } from "../../lib/subscriptions/rotateSubscriptionSecret.js";
import { updateSubscription } from "../../lib/subscriptions/updateSubscription.js";
import { distributionHarness, drainQueue, sampleEvent, testReceivers } from "../support/distributionHarness.js";
import { startWebhookReceiver, type Reply } from "../../local/devStack/webhookReceiver.js";

const { receivers, subscribe } = testReceivers();

describe("dispatchDelivery (real HTTP receivers verifying with standardwebhooks)", () => {
  it("delivers each event once per matching subscription, signed, with the documented body", async () => {
    const { deps } = distributionHarness();
    const a = await subscribe(deps);
    const b = await subscribe(deps, undefined, "others");
    const events = [0, 1, 2].map((n) => sampleEvent(n));
    expect(await fanOutEvents(deps, events)).toBe(3);
    expect(await fanOutEvents(deps, events)).toBe(0);
    await drainQueue(deps);
    expect(a.receiver.delivered()).toHaveLength(3);
    expect(b.receiver.received).toHaveLength(0);
    const bodies = a.receiver.delivered().map((r) => JSON.parse(r.body));
    const first = bodies.find((b) => b.data.logIndex === 0);
    expect(first).toMatchObject({ type: "credit-record.confirmed", data: { txHash: events[0]?.txHash, logIndex: 0 } });
    expect(new Set(a.receiver.delivered().map((r) => r.id)).size).toBe(3);
  });

  it("retries after 500 with the same webhook-id and body, then succeeds", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps, (n) => ({ status: n < 2 ? 500 : 204 }));
    await fanOutEvents(deps, [sampleEvent(1)]);
    const results = await drainQueue(deps);
    expect(results.map((r) => r.status)).toEqual(["retry", "retry", "delivered"]);
    expect(new Set(s.receiver.received.map((r) => r.id)).size).toBe(1);
    expect(new Set(s.receiver.received.map((r) => r.body)).size).toBe(1);
    expect(await deps.deliveries.attempts(s.id, s.receiver.received[0]?.id ?? "")).toHaveLength(3);
  });

  it("treats a receiver slower than the attempt timeout as a timeout and retries", async () => {
    const { deps } = distributionHarness({ attemptTimeoutInMs: 500 });
    const s = await subscribe(deps, (n) => ({ status: 200, delayInMs: n === 0 ? 2_000 : 0 }));
    await fanOutEvents(deps, [sampleEvent(1)]);
    const results = await drainQueue(deps);
    expect(results).toMatchObject([{ status: "retry", outcome: "timeout" }, { status: "delivered" }]);
    expect(s.receiver.received).toHaveLength(2);
  });

  it("honours Retry-After (never sooner, bounded by the ceiling)", async () => {
    const { deps } = distributionHarness();
    await subscribe(deps, (n) => (n === 0 ? { status: 429, headers: { "retry-after": "30" } } : { status: 200 }));
    await fanOutEvents(deps, [sampleEvent(1)]);
    const start = deps.clock.now().getTime();
    await dispatchDelivery(deps, deps.queue.takeDue(deps.clock.now())[0]!);
    expect((deps.queue.nextAt()?.getTime() ?? 0) - start).toBe(30_000);
    expect((await drainQueue(deps)).map((r) => r.status)).toEqual(["delivered"]);
  });

  it("disables the subscription on 410 and holds its other deliveries for replay", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps, () => ({ status: 410 }));
    await fanOutEvents(deps, [sampleEvent(1), sampleEvent(2)]);
    const results = await drainQueue(deps);
    expect(results.map((r) => r.status)).toEqual(["disabled", "held"]);
    expect(await deps.subscriptions.get(s.id)).toMatchObject({
      state: "disabled",
      disabledReason: expect.stringMatching(/410/),
    });
    expect((await deps.deliveries.list(s.id)).map((d) => d.status)).toEqual(["held", "held"]);
  });

  it("follows the schedule for other 4xx and keeps an exhausted delivery", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps, () => ({ status: 400 }));
    await fanOutEvents(deps, [sampleEvent(1)]);
    const results = await drainQueue(deps);
    expect(results.map((r) => r.status)).toEqual(["retry", "retry", "retry", "retry", "exhausted"]);
    expect((await deps.deliveries.list(s.id))[0]).toMatchObject({ status: "exhausted", attempts: 5 });
  });

  it("delivers everything to a receiver that was down and came back on the same address", async () => {
    const { deps } = distributionHarness({ attemptTimeoutInMs: 1_000 });
    const s = await subscribe(deps);
    const port = Number(new URL(s.receiver.url).port);
    await s.receiver.close();
    await fanOutEvents(
      deps,
      [1, 2, 3, 4].map((n) => sampleEvent(n)),
    );
    for (const job of deps.queue.takeDue(deps.clock.now())) {
      expect(await dispatchDelivery(deps, job)).toMatchObject({
        status: "retry",
        outcome: expect.stringMatching(/network/),
      });
    }
    const back = await startWebhookReceiver(s.secret, undefined, port);
    receivers.push(back);
    await drainQueue(deps);
    expect(back.delivered()).toHaveLength(4);
  });

  it("delivers each of many events exactly once through failures, timeouts and throttling", async () => {
    const { deps } = distributionHarness({ attemptTimeoutInMs: 400 });
    const faults: Reply[] = [
      { status: 500 },
      { status: 200, delayInMs: 1_500 },
      { status: 429, headers: { "retry-after": "1" } },
      { status: 502 },
    ];
    const s = await subscribe(deps, (n) => (n % 3 === 0 ? faults[(n / 3) % faults.length]! : { status: 200 }));
    const events = Array.from({ length: 30 }, (_, n) => sampleEvent(n));
    await fanOutEvents(deps, events);
    await drainQueue(deps, 200);
    const ids = s.receiver.delivered().map((r) => r.id);
    expect(new Set(ids).size).toBe(30);
    expect((await deps.deliveries.list(s.id)).every((d) => d.status === "delivered")).toBe(true);
    // The receiver may see a request it answered too slowly, but never two different webhook-ids for one event.
    const received = new Set(s.receiver.received.map((r) => r.id));
    expect(received.size).toBe(30);
  });

  it("holds deliveries while disabled (including new events) and resends them after re-activation and replay", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps, (n) => ({ status: n === 0 ? 410 : 200 }));
    await fanOutEvents(deps, [sampleEvent(1), sampleEvent(2)]);
    await drainQueue(deps);
    expect(s.receiver.delivered()).toHaveLength(0);
    expect(await fanOutEvents(deps, [sampleEvent(3)])).toBe(1);
    expect(deps.queue.jobs).toHaveLength(0);
    await updateSubscription(deps, { id: s.id, body: { state: "active" } });
    expect(await replayDeliveries(deps, { subscriptionId: s.id, onlyFailed: true })).toMatchObject({ replayed: 3 });
    await drainQueue(deps);
    expect(s.receiver.delivered()).toHaveLength(3);
  });

  it("disables a subscription that keeps failing for longer than the configured period", async () => {
    const { deps } = distributionHarness({ disableAfterInMs: 1_000 });
    const s = await subscribe(deps, () => ({ status: 503 }));
    await fanOutEvents(deps, [sampleEvent(1)]);
    const results = await drainQueue(deps);
    expect(results.at(-1)?.status).toBe("disabled");
    expect((await deps.subscriptions.get(s.id))?.disabledReason).toMatch(/failed since/);
  });

  it("signs with both secrets during a rotation's overlap", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const rotated = await rotateSubscriptionSecret(deps, { id: s.id });
    await fanOutEvents(deps, [sampleEvent(1)]);
    await drainQueue(deps);
    expect(s.receiver.delivered()).toHaveLength(1);
    expect(s.receiver.received[0]?.signature.split(" ")).toHaveLength(2);
    s.receiver.setSecret(rotated?.secret ?? "");
    deps.clock.advance(120_000);
    await fanOutEvents(deps, [sampleEvent(2)]);
    await drainQueue(deps);
    expect(s.receiver.delivered()).toHaveLength(2);
    expect(s.receiver.received[1]?.signature.split(" ")).toHaveLength(1);
  });

  it("sends once when the same job message arrives twice at the same time", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps, () => ({ status: 200, delayInMs: 50 }));
    await fanOutEvents(deps, [sampleEvent(1)]);
    const [job] = deps.queue.takeDue(deps.clock.now());
    const results = await Promise.all([dispatchDelivery(deps, job!), dispatchDelivery(deps, job!)]);
    expect(results.map((r) => r.status).sort()).toEqual(["delivered", "stale"]);
    expect(s.receiver.received).toHaveLength(1);
  });

  it("ignores a stale job (older token) so each attempt acts once", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    await fanOutEvents(deps, [sampleEvent(1)]);
    const [job] = deps.queue.takeDue(deps.clock.now());
    expect((await dispatchDelivery(deps, job!)).status).toBe("delivered");
    expect((await dispatchDelivery(deps, job!)).status).toBe("stale");
    expect(s.receiver.received).toHaveLength(1);
  });
});
