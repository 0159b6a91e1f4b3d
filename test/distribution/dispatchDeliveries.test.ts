import { describe, expect, it } from "vitest";
import { dispatchDeliveries } from "../../lib/distribution/dispatchDeliveries.js";
import { fanOutEvents } from "../../lib/distribution/fanOutEvents.js";
import { AppError } from "../../lib/domain/appError.js";
import type { DeliveryJob } from "../../lib/ports/distribution.js";
import {
  distributionHarness,
  drainQueue,
  OWN_ADDRESS,
  sampleEvent,
  testReceivers,
  type Harness,
} from "../support/distributionHarness.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const { subscribe } = testReceivers();

const events = (count: number, issuer = OWN_ADDRESS) => Array.from({ length: count }, (_, n) => sampleEvent(n, issuer));

/** Fans `count` events out and takes every job due now. */
async function queued(deps: Harness, count: number): Promise<DeliveryJob[]> {
  await fanOutEvents(deps, events(count));
  return deps.queue.takeDue(deps.clock.now());
}

const statuses = (results: { status: string }[]) =>
  results.reduce<Record<string, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {});

describe("dispatchDeliveries (a batch of jobs, real HTTP receivers verifying with standardwebhooks)", () => {
  it("sends a batch's deliveries once each, claiming them in one batch write and recording them in another", async () => {
    const { deps } = distributionHarness();
    const a = await subscribe(deps);
    const b = await subscribe(deps, undefined, "self");
    const jobs = await queued(deps, 40);
    expect(jobs).toHaveLength(80);
    const calls = { ...deps.deliveries.calls };
    const results = await dispatchDeliveries(deps, jobs);
    expect(statuses(results)).toEqual({ delivered: 80 });
    expect(new Set(a.receiver.delivered().map((r) => r.id)).size).toBe(40);
    expect(b.receiver.delivered()).toHaveLength(40);
    expect(deps.deliveries.calls.claimMany - calls.claimMany).toBe(1);
    expect(deps.deliveries.calls.putMany - calls.putMany).toBe(1);
    expect(deps.deliveries.calls.get - calls.get).toBe(80);
    expect(await deps.deliveries.attempts(a.id, a.receiver.received[0]!.id)).toHaveLength(1);
  });

  it("retries the one delivery whose receiver failed and delivers the others", async () => {
    const { deps } = distributionHarness();
    // The failure is answered last, so the subscription's failure streak starts after the batch's successes.
    const s = await subscribe(deps, (n) => (n === 3 ? { status: 503, delayInMs: 100 } : { status: 200 }));
    const results = await dispatchDeliveries(deps, await queued(deps, 10));
    expect(statuses(results)).toEqual({ delivered: 9, retry: 1 });
    const failed = s.receiver.received.find((r) => r.status === 503)!;
    expect(deps.queue.jobs.map((j) => j.job.webhookId)).toEqual([failed.id]);
    expect(await deps.subscriptions.get(s.id)).toMatchObject({ state: "active", failingSince: expect.any(String) });
    expect((await drainQueue(deps, 10, { batched: true })).map((r) => r.status)).toEqual(["delivered"]);
    expect(new Set(s.receiver.delivered().map((r) => r.id)).size).toBe(10);
    expect((await deps.subscriptions.get(s.id))?.failingSince).toBeUndefined();
    expect(await deps.deliveries.attempts(s.id, failed.id)).toHaveLength(2);
  });

  it("sends a job queued twice in one batch once, and treats a job with an older token as stale", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const [first, second] = await queued(deps, 2);
    const older = { ...first!, token: "0123456789abcdef" };
    const results = await dispatchDeliveries(deps, [older, first!, second!, first!]);
    expect(results.map((r) => r.status)).toEqual(["stale", "delivered", "delivered", "stale"]);
    expect(s.receiver.received).toHaveLength(2);
  });

  it("sends each delivery once when two batches with the same jobs race (claim conflicts)", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps, () => ({ status: 200, delayInMs: 20 }));
    const jobs = await queued(deps, 12);
    const [one, two] = await Promise.all([dispatchDeliveries(deps, jobs), dispatchDeliveries(deps, jobs)]);
    expect(statuses([...one!, ...two!])).toEqual({ delivered: 12, stale: 12 });
    expect(s.receiver.received).toHaveLength(12);
  });

  it("holds the deliveries not sent yet once a 410 disables their subscription mid-batch; others still go out", async () => {
    const { deps } = distributionHarness();
    const gone = await subscribe(deps, () => ({ status: 410, delayInMs: 30 }), "self");
    const other = await subscribe(deps, undefined, "self");
    const results = await dispatchDeliveries(deps, await queued(deps, 40));
    const sent = gone.receiver.received.length;
    expect(sent).toBeLessThan(40);
    expect(statuses(results)).toEqual({ delivered: 40, disabled: sent, held: 40 - sent });
    expect(await deps.subscriptions.get(gone.id)).toMatchObject({ state: "disabled", disabledReason: /410/ });
    expect((await deps.deliveries.list(gone.id)).every((d) => d.status === "held")).toBe(true);
    expect(other.receiver.delivered()).toHaveLength(40);
    expect(deps.queue.jobs).toHaveLength(0);
  });

  it("drops a job whose delivery cannot be read, without failing the others; a transient failure fails the batch", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const jobs = await queued(deps, 3);
    const get = deps.deliveries.get.bind(deps.deliveries);
    deps.deliveries.get = async (subscriptionId, webhookId) => {
      if (webhookId === jobs[1]!.webhookId) throw new SyntaxError("Unexpected token in JSON");
      return get(subscriptionId, webhookId);
    };
    const results = await dispatchDeliveries(deps, [...jobs, { ...jobs[0]!, subscriptionId: "sub/../x" }]);
    expect(results.map((r) => r.status)).toEqual(["delivered", "dropped", "delivered", "stale"]);
    expect(s.receiver.received).toHaveLength(2);
    deps.deliveries.get = async () => {
      throw new AppError("STORAGE_UNAVAILABLE", "storage is down");
    };
    await expect(dispatchDeliveries(deps, await queued(deps, 5))).rejects.toThrow(/storage is down/);
    expect(s.receiver.received).toHaveLength(2);
  });

  it("leaves a delivery it could not prepare claimed for reconciliation and sends the others", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const jobs = await queued(deps, 4);
    const broken = events(4)[2]!;
    deps.outboxReader.byUpdateIdHash = async (hash) => {
      if (hash === broken.updateId) throw new AppError("STORAGE_UNAVAILABLE", "outbox is down");
      return null;
    };
    const results = await dispatchDeliveries(deps, jobs);
    expect(statuses(results)).toEqual({ delivered: 3, dropped: 1 });
    expect(s.receiver.received).toHaveLength(3);
    const left = (await deps.deliveries.list(s.id)).find((d) => d.status === "pending");
    expect(left?.jobToken).toMatch(/#claimed$/);
  });

  it("keeps a delivery whose own preparation fails as exhausted (for replay), never queued again, and sends the others", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const jobs = await queued(deps, 4);
    const broken = events(4)[1]!;
    deps.outboxReader.byUpdateIdHash = async (hash) => {
      if (hash === broken.updateId) throw new TypeError("Do not know how to serialize a BigInt");
      return null;
    };
    const results = await dispatchDeliveries(deps, jobs);
    expect(statuses(results)).toEqual({ delivered: 3, exhausted: 1 });
    const kept = (await deps.deliveries.list(s.id)).find((d) => d.status === "exhausted");
    expect(kept?.lastOutcome).toMatch(/^not sent: TypeError: Do not know how to serialize/);
    expect(deps.queue.takeDue(new Date(deps.clock.now().getTime() + 86_400_000))).toEqual([]);
  });

  it("never sends one of our records whose subject was erased since (marked erased, never queued again)", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const jobs = await queued(deps, 3);
    const erased = events(3)[0]!;
    const entry = { ...sampleEntry(sampleUpdate(1)), record: null, salt: null, erasedAt: "2026-11-22T10:00:00.000Z" };
    deps.outboxReader.byUpdateIdHash = async (hash) => (hash === erased.updateId ? entry : null);
    const results = await dispatchDeliveries(deps, jobs);
    expect(statuses(results)).toEqual({ delivered: 2, erased: 1 });
    expect(s.receiver.received.some((r) => r.body.includes(erased.updateId))).toBe(false);
    const kept = (await deps.deliveries.list(s.id)).find((d) => d.event.updateId === erased.updateId);
    expect(kept).toMatchObject({ status: "erased", lastOutcome: "subject erased" });
    expect(deps.queue.takeDue(new Date(deps.clock.now().getTime() + 86_400_000))).toEqual([]);
  });
});
