// The behaviour every DeliveryStore promises (lib/ports/), written once and run against the in-memory
// fake and the Azure Table adapter (deliveryStore.test.ts): create-if-absent, unconditional replace with an attempt
// log keyed by attempt number, claims that succeed once and only on an unchanged read, and the overdue query.
import { describe, expect, it } from "vitest";
import type { DeliveryAttempt, DeliveryStore, StoredDelivery } from "../../lib/ports/distribution.js";
import { sampleDelivery } from "../support/distributionHarness.js";

/** Delivery `n` of subscription `sub_1` (due `n` seconds after 10:00). */
const delivery = sampleDelivery;

/** Attempt `attempt` of delivery `webhookId` of `sub_1`. */
function attempt(webhookId: string, n: number, overrides: Partial<DeliveryAttempt> = {}): DeliveryAttempt {
  return {
    subscriptionId: "sub_1",
    webhookId,
    attempt: n,
    at: `2026-11-22T10:01:0${n}.000Z`,
    outcome: "HTTP 500",
    status: 500,
    durationInMs: 3,
    ...overrides,
  };
}

async function read(store: DeliveryStore, webhookId: string): Promise<StoredDelivery> {
  const found = await store.get("sub_1", webhookId);
  if (!found) throw new Error(`delivery ${webhookId} is not stored`);
  return found;
}

/** Registers the DeliveryStore contract for one implementation; `make` returns an empty store. */
export function describeDeliveryStore(name: string, make: () => Promise<DeliveryStore>): void {
  describe(`${name} keeps the DeliveryStore contract`, () => {
    describe("addMany", () => {
      it("creates only the deliveries that do not exist yet and returns exactly those", async () => {
        const store = await make();
        expect(await store.addMany([delivery(2)])).toEqual([delivery(2)]);
        expect(await store.addMany([delivery(2, { attempts: 9 }), delivery(1)])).toEqual([delivery(1)]);
        expect((await read(store, "msg_2")).delivery).toEqual(delivery(2));
        expect(await store.addMany([])).toEqual([]);
      });

      it("creates a webhook id given twice in one call once, as first given, returning deliveries in input order", async () => {
        const store = await make();
        const created = await store.addMany([delivery(1), delivery(2), delivery(1, { attempts: 9 })]);
        expect(created).toEqual([delivery(1), delivery(2)]);
        expect((await read(store, "msg_1")).delivery).toEqual(delivery(1));
      });

      it("keys deliveries by subscription and webhook id together", async () => {
        const store = await make();
        const other = delivery(1, { subscriptionId: "sub_2" });
        expect(await store.addMany([delivery(1), other])).toEqual([delivery(1), other]);
        expect((await store.get("sub_2", "msg_1"))?.delivery).toEqual(other);
      });
    });

    describe("get", () => {
      it("returns null for a delivery never stored", async () => {
        const store = await make();
        await store.addMany([delivery(1)]);
        expect(await store.get("sub_1", "msg_2")).toBeNull();
        expect(await store.get("sub_2", "msg_1")).toBeNull();
      });

      it("returns a new version after every write of the delivery", async () => {
        const store = await make();
        await store.addMany([delivery(1)]);
        const first = await read(store, "msg_1");
        await store.putMany([delivery(1)]);
        const second = await read(store, "msg_1");
        expect(second.version).not.toBe(first.version);
        await store.claimMany([second]);
        expect((await read(store, "msg_1")).version).not.toBe(second.version);
      });

      it("hands out copies: changing a written or read delivery does not change what is stored", async () => {
        const store = await make();
        const written = delivery(1);
        await store.addMany([written]);
        written.event.score = 1;
        (await read(store, "msg_1")).delivery.event.score = 2;
        (await store.list("sub_1"))[0]!.event.score = 3;
        expect((await read(store, "msg_1")).delivery).toEqual(delivery(1));
      });
    });

    describe("putMany", () => {
      it("replaces or creates deliveries unconditionally, the last given when one is given twice", async () => {
        const store = await make();
        await store.addMany([delivery(1)]);
        await store.putMany([delivery(1, { status: "delivered", attempts: 1 }), delivery(2, { status: "held" })]);
        await store.putMany([delivery(3), delivery(3, { status: "exhausted" })]);
        expect((await read(store, "msg_1")).delivery).toEqual(delivery(1, { status: "delivered", attempts: 1 }));
        expect((await read(store, "msg_2")).delivery.status).toBe("held");
        expect((await read(store, "msg_3")).delivery.status).toBe("exhausted");
      });

      it("drops fields the new state leaves out", async () => {
        const store = await make();
        await store.addMany([delivery(1, { lastOutcome: "HTTP 500" })]);
        const delivered = delivery(1, { status: "delivered", nextAttemptAt: undefined, deliveredAt: "t" });
        await store.putMany([delivered]);
        const stored = (await read(store, "msg_1")).delivery;
        expect(stored.lastOutcome).toBeUndefined();
        expect(stored.nextAttemptAt).toBeUndefined();
        expect(stored.deliveredAt).toBe("t");
      });

      it("logs attempts per delivery in attempt order, an attempt given again replacing the first", async () => {
        const store = await make();
        await store.putMany([delivery(1)], [attempt("msg_1", 2), attempt("msg_2", 1), attempt("msg_1", 1)]);
        await store.putMany([], [attempt("msg_1", 2, { outcome: "HTTP 200", status: 200 })]);
        expect(await store.attempts("sub_1", "msg_1")).toEqual([
          attempt("msg_1", 1),
          attempt("msg_1", 2, { outcome: "HTTP 200", status: 200 }),
        ]);
        expect(await store.attempts("sub_1", "msg_2")).toEqual([attempt("msg_2", 1)]);
        expect(await store.attempts("sub_1", "msg_3")).toEqual([]);
        expect(await store.attempts("sub_2", "msg_1")).toEqual([]);
      });

      it("removes one delivery's attempt log on request, counting the rows, and leaves the others", async () => {
        const store = await make();
        await store.putMany([delivery(1)], [attempt("msg_1", 1), attempt("msg_1", 2), attempt("msg_2", 1)]);
        expect(await store.removeAttempts("sub_1", "msg_1")).toBe(2);
        expect(await store.attempts("sub_1", "msg_1")).toEqual([]);
        expect(await store.attempts("sub_1", "msg_2")).toEqual([attempt("msg_2", 1)]);
        expect(await store.removeAttempts("sub_1", "msg_1")).toBe(0);
      });

      it("orders attempts by number, not as text", async () => {
        const store = await make();
        await store.putMany([], [attempt("msg_1", 10), attempt("msg_1", 9)]);
        expect((await store.attempts("sub_1", "msg_1")).map((a) => a.attempt)).toEqual([9, 10]);
      });
    });

    describe("claimMany", () => {
      it("claims each unchanged delivery once, returning it as now stored with a token no job carries", async () => {
        const store = await make();
        await store.addMany([delivery(1), delivery(2)]);
        const reads = [await read(store, "msg_1"), await read(store, "msg_2")];
        const claimed = await store.claimMany(reads);
        expect(claimed.map((d) => d.webhookId).sort()).toEqual(["msg_1", "msg_2"]);
        for (const d of claimed) {
          expect(d.jobToken).not.toBe("t");
          expect(d).toEqual({ ...delivery(Number(d.webhookId.slice(4))), jobToken: d.jobToken });
          expect((await read(store, d.webhookId)).delivery).toEqual(d);
        }
        expect(await store.claimMany(reads)).toEqual([]);
      });

      it("does not claim a delivery changed since it was read, nor one never stored", async () => {
        const store = await make();
        await store.addMany([delivery(1), delivery(2)]);
        const reads = [await read(store, "msg_1"), await read(store, "msg_2")];
        await store.putMany([delivery(2, { jobToken: "moved-on" })]);
        const ghost = { delivery: delivery(3), version: reads[0]!.version };
        expect((await store.claimMany([...reads, ghost])).map((d) => d.webhookId)).toEqual(["msg_1"]);
        expect((await read(store, "msg_2")).delivery.jobToken).toBe("moved-on");
        expect(await store.get("sub_1", "msg_3")).toBeNull();
      });

      it("lets one of two workers racing with the same reads claim each delivery", async () => {
        const store = await make();
        const all = Array.from({ length: 30 }, (_, n) => delivery(n));
        await store.addMany(all);
        const reads = await Promise.all(all.map((d) => read(store, d.webhookId)));
        const [first, second] = await Promise.all([store.claimMany(reads), store.claimMany(reads)]);
        const claimed = [...first, ...second].map((d) => d.webhookId).sort();
        expect(claimed).toEqual(all.map((d) => d.webhookId).sort());
      });

      it("claims a delivery read twice in one call once", async () => {
        const store = await make();
        await store.addMany([delivery(1)]);
        const once = await read(store, "msg_1");
        expect(await store.claimMany([once, once])).toHaveLength(1);
      });
    });

    describe("list", () => {
      it("returns every delivery of the subscription in any status, and none of another", async () => {
        const store = await make();
        await store.addMany([delivery(1), delivery(2), delivery(3), delivery(1, { subscriptionId: "sub_10" })]);
        await store.putMany(
          [delivery(2, { status: "delivered" }), delivery(3, { status: "held" })],
          [attempt("msg_1", 1)],
        );
        const listed = await store.list("sub_1");
        expect(listed.map((d) => [d.webhookId, d.status]).sort()).toEqual([
          ["msg_1", "pending"],
          ["msg_2", "delivered"],
          ["msg_3", "held"],
        ]);
        expect((await store.list("sub_10")).map((d) => d.subscriptionId)).toEqual(["sub_10"]);
        expect(await store.list("sub_2")).toEqual([]);
      });
    });

    describe("overdue", () => {
      it("returns pending deliveries due strictly before the time, earliest due first, up to the limit", async () => {
        const store = await make();
        await store.addMany([5, 3, 1, 4, 2, 6].map((n) => delivery(n)));
        await store.putMany([delivery(2, { status: "delivered" }), delivery(4, { status: "exhausted" })]);
        const before = "2026-11-22T10:00:05.000Z";
        expect((await store.overdue("sub_1", before, 10)).map((d) => d.webhookId)).toEqual(["msg_1", "msg_3"]);
        expect((await store.overdue("sub_1", before, 1)).map((d) => d.webhookId)).toEqual(["msg_1"]);
        expect(await store.overdue("sub_1", "2026-11-22T10:00:01.000Z", 10)).toEqual([]);
      });

      it("takes a delivery without a next attempt time as due when it was created", async () => {
        const store = await make();
        await store.addMany([
          delivery(1, { nextAttemptAt: "2026-11-22T10:00:30.000Z" }),
          delivery(2, { nextAttemptAt: undefined, createdAt: "2026-11-22T10:00:20.000Z" }),
          delivery(3, { nextAttemptAt: "2026-11-22T10:00:10.000Z" }),
        ]);
        const due = await store.overdue("sub_1", "2026-11-22T10:01:00.000Z", 10);
        expect(due.map((d) => d.webhookId)).toEqual(["msg_3", "msg_2", "msg_1"]);
        expect(await store.overdue("sub_1", "2026-11-22T10:00:20.000Z", 10)).toHaveLength(1);
      });

      it("answers for one subscription, and follows every change of status and due time", async () => {
        const store = await make();
        await store.addMany([delivery(1), delivery(2), delivery(1, { subscriptionId: "sub_2" })]);
        await store.putMany([delivery(1, { status: "delivered" })]); // pending → delivered
        await store.putMany([delivery(2, { nextAttemptAt: "2026-11-22T11:00:00.000Z" })]); // due later
        const before = "2026-11-22T10:30:00.000Z";
        expect(await store.overdue("sub_1", before, 10)).toEqual([]);
        await store.putMany([delivery(1, { status: "pending" })]); // replayed
        await store.claimMany([await read(store, "msg_1")]); // claiming keeps it pending and due
        expect((await store.overdue("sub_1", before, 10)).map((d) => d.webhookId)).toEqual(["msg_1"]);
        expect((await store.overdue("sub_2", before, 10)).map((d) => d.subscriptionId)).toEqual(["sub_2"]);
      });
    });

    describe("exhausted", () => {
      it("counts the subscription's exhausted deliveries up to the limit, following replays", async () => {
        const store = await make();
        await store.addMany([1, 2, 3, 4].map((n) => delivery(n)));
        await store.putMany([1, 2, 3].map((n) => delivery(n, { status: "exhausted" })));
        await store.putMany([delivery(1, { subscriptionId: "sub_2", status: "exhausted" })]);
        expect(await store.exhausted("sub_1", 10)).toBe(3);
        expect(await store.exhausted("sub_1", 2)).toBe(2);
        await store.putMany([delivery(3, { status: "pending" }), delivery(2, { status: "delivered" })]);
        expect(await store.exhausted("sub_1", 10)).toBe(1);
        expect(await store.exhausted("sub_3", 10)).toBe(0);
      });
    });

    describe("prune", () => {
      const at = (hour: number) => `2026-11-22T${String(hour).padStart(2, "0")}:00:00.000Z`;
      const pruning = { deliveredBefore: at(12), failedBefore: at(6), limit: 100 };

      it("deletes finished deliveries past retention with their attempts, never a pending one", async () => {
        const store = await make();
        const kept = [
          delivery(1, { updatedAt: at(1) }), // pending however old
          delivery(2, { status: "delivered", updatedAt: at(13) }),
          delivery(3, { status: "exhausted", updatedAt: at(7) }),
          delivery(4, { status: "held", updatedAt: at(7) }),
          delivery(5, { status: "delivered", updatedAt: at(1), subscriptionId: "sub_2" }),
        ];
        const gone = [
          delivery(6, { status: "delivered", updatedAt: at(11) }),
          delivery(7, { status: "exhausted", updatedAt: at(5) }),
          delivery(8, { status: "held", updatedAt: at(5) }),
        ];
        await store.putMany([...kept, ...gone], [attempt("msg_6", 1), attempt("msg_6", 2), attempt("msg_1", 1)]);
        expect(await store.prune("sub_1", pruning)).toBe(3);
        for (const d of gone) expect(await store.get("sub_1", d.webhookId)).toBeNull();
        expect(await store.attempts("sub_1", "msg_6")).toEqual([]);
        expect(await store.attempts("sub_1", "msg_1")).toHaveLength(1);
        expect((await store.list("sub_1")).map((d) => d.webhookId).sort()).toEqual([
          "msg_1",
          "msg_2",
          "msg_3",
          "msg_4",
        ]);
        expect(await store.exhausted("sub_1", 10)).toBe(1);
        expect(await store.prune("sub_1", pruning)).toBe(0);
      });

      it("deletes at most the limit a call", async () => {
        const store = await make();
        const old = Array.from({ length: 40 }, (_, n) => delivery(n, { status: "delivered", updatedAt: at(1) }));
        await store.putMany(old);
        expect(await store.prune("sub_1", { ...pruning, limit: 16 })).toBe(16);
        expect(await store.list("sub_1")).toHaveLength(24);
      });
    });
  });
}
