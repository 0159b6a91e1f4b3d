import { describe, expect, it } from "vitest";
import { fanOutEvents } from "../../lib/distribution/fanOutEvents.js";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { updateSubscription } from "../../lib/subscriptions/updateSubscription.js";
import {
  distributionHarness,
  drainQueue,
  OWN_ADDRESS,
  sampleEvent,
  type Harness,
} from "../support/distributionHarness.js";

const OTHER_BANK = "0x" + "b2".repeat(20);

async function subscription(deps: Harness, issuers: unknown, state: "active" | "disabled" = "active") {
  const created = await createSubscription(deps, { url: "http://127.0.0.1:9/hooks", filter: { issuers } });
  if (!created.ok) throw new Error(created.errors.join());
  if (state === "disabled") await updateSubscription(deps, { id: created.id, body: { state } });
  return created.id;
}

/** A page of 150 events: two thirds ours, one third another bank's. */
const page = Array.from({ length: 150 }, (_, n) => sampleEvent(n, n % 3 === 2 ? OTHER_BANK : OWN_ADDRESS));

describe("fanOutEvents", () => {
  it("fans a page out in one batch write and one send: one delivery per matching subscription and event", async () => {
    const { deps } = distributionHarness();
    const all = await subscription(deps, "all");
    const self = await subscription(deps, "self");
    const others = await subscription(deps, "others");
    const paused = await subscription(deps, "all", "disabled");
    expect(await fanOutEvents(deps, page)).toBe(150 + 100 + 50 + 150);
    expect(deps.deliveries.calls.addMany).toBe(1);
    expect(deps.queue.sends).toBe(1);
    expect(deps.queue.jobs).toHaveLength(300);
    const count = async (id: string) => (await deps.deliveries.list(id)).length;
    expect([await count(all), await count(self), await count(others), await count(paused)]).toEqual([
      150, 100, 50, 150,
    ]);
    expect((await deps.deliveries.list(paused)).every((d) => d.status === "held" && d.jobToken === "")).toBe(true);
    // Each queued job carries the token its delivery was created with, so the first dispatch of it acts.
    for (const { job } of deps.queue.jobs.slice(0, 20)) {
      const stored = await deps.deliveries.get(job.subscriptionId, job.webhookId);
      expect(stored?.delivery).toMatchObject({ status: "pending", jobToken: job.token });
    }
  });

  it("creates nothing twice for a replayed page, and only the new deliveries of a page that overlaps it", async () => {
    const { deps } = distributionHarness();
    await subscription(deps, "all");
    expect(await fanOutEvents(deps, page.slice(0, 100))).toBe(100);
    await drainQueue(deps);
    const jobs = deps.queue.jobs.length;
    expect(await fanOutEvents(deps, page.slice(0, 100))).toBe(0);
    expect(deps.queue.jobs).toHaveLength(jobs);
    expect(await fanOutEvents(deps, page.slice(50))).toBe(50);
    expect(deps.queue.jobs).toHaveLength(jobs + 50);
  });

  it("re-sends the jobs of a retried page whose send failed, with the stored tokens, so each delivery is sent once", async () => {
    const { deps } = distributionHarness();
    const id = await subscription(deps, "all");
    const scheduleMany = deps.queue.scheduleMany.bind(deps.queue);
    deps.queue.scheduleMany = () => Promise.reject(new Error("the bus refused the send"));
    await expect(fanOutEvents(deps, page.slice(0, 10))).rejects.toThrow("the bus refused the send");
    deps.queue.scheduleMany = scheduleMany;
    expect(await fanOutEvents(deps, page.slice(0, 10))).toBe(0);
    expect(deps.queue.jobs).toHaveLength(10);
    const stored = await deps.deliveries.list(id);
    expect(new Set(deps.queue.jobs.map(({ job }) => job.token))).toEqual(new Set(stored.map((d) => d.jobToken)));
    // The same page once more (its jobs queued, not yet dispatched): the copies carry the same tokens, and the
    // dispatcher acts on one job per token.
    await fanOutEvents(deps, page.slice(0, 10));
    const results = await drainQueue(deps, 1);
    expect(results).toHaveLength(20);
    expect(results.filter((r) => r.status === "stale")).toHaveLength(10);
  });
});
