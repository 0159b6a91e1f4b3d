// The behaviour every DeliveryQueue promises (lib/ports/), written once and run against the in-memory
// fake and the Service Bus adapter on the emulator (deliveryQueue.test.ts): each job becomes visible at its time and
// not before, with its fields intact, however many are scheduled in one call.
import { describe, expect, it } from "vitest";
import type { DeliveryJob, DeliveryQueue } from "../../lib/ports/distribution.js";

/** A queue and a way to take the jobs visible on it, waiting up to `maxWaitInMs` for the first. */
export interface QueueUnderTest {
  queue: DeliveryQueue;
  receive(maxWaitInMs: number): Promise<DeliveryJob[]>;
}

const job = (n: number): DeliveryJob => ({ subscriptionId: "sub_1", webhookId: `msg_${n}`, token: `token-${n}` });

/** Registers the DeliveryQueue contract for one implementation; `make` returns an empty queue of its own. */
export function describeDeliveryQueue(name: string, make: () => Promise<QueueUnderTest>): void {
  describe(`${name} keeps the DeliveryQueue contract`, () => {
    describe("scheduleMany", () => {
      it("makes a job due now or earlier visible at once, its fields intact", async () => {
        const { queue, receive } = await make();
        await queue.scheduleMany([
          { job: job(1), at: new Date() },
          { job: job(2), at: new Date(Date.now() - 60_000) },
        ]);
        const seen = [...(await receive(1_000)), ...(await receive(300))];
        expect(seen.sort((a, b) => (a.webhookId < b.webhookId ? -1 : 1))).toEqual([job(1), job(2)]);
      });

      it("makes a job visible at its scheduled time, not before", async () => {
        const { queue, receive } = await make();
        const at = new Date(Date.now() + 1_500);
        await queue.scheduleMany([
          { job: job(1), at },
          { job: job(2), at: new Date() },
        ]);
        expect(await receive(500)).toEqual([job(2)]);
        const later: DeliveryJob[] = [];
        for (let i = 0; i < 10 && later.length === 0; i++) later.push(...(await receive(500)));
        expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 50);
        expect(later).toEqual([job(1)]);
        expect(await receive(300)).toEqual([]);
      });

      it("delivers each of a thousand jobs due at different times once", async () => {
        const { queue, receive } = await make();
        const jobs = Array.from({ length: 1000 }, (_, n) => ({
          job: job(n),
          at: new Date(Date.now() + (n % 2) * 300),
        }));
        await queue.scheduleMany(jobs);
        const seen: string[] = [];
        for (let i = 0; i < 40 && seen.length < jobs.length; i++)
          seen.push(...(await receive(300)).map((j) => j.webhookId));
        expect(seen).toHaveLength(1000);
        expect(new Set(seen).size).toBe(1000);
        expect(await receive(300)).toEqual([]);
      });

      it("schedules nothing for no jobs", async () => {
        const { queue, receive } = await make();
        await queue.scheduleMany([]);
        expect(await receive(300)).toEqual([]);
      });
    });
  });
}
