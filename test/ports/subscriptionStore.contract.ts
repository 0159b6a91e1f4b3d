// The behaviour every SubscriptionStore promises (lib/ports/), written once and run against the
// in-memory fake and the Azure Table adapter (subscriptionStore.test.ts): create once (CONFLICT), replace only what
// exists (NOT_FOUND), null and false for what does not, copies in and out.
import { describe, expect, it } from "vitest";
import type { Subscription, SubscriptionStore } from "../../lib/ports/subscriptions.js";
import { expectRejection } from "./rejection.js";

/** A subscription with id `id`. */
function subscription(id: string, overrides: Partial<Subscription> = {}): Subscription {
  return {
    id,
    url: "https://partner.example/hooks",
    filter: ["0x" + "bb".repeat(20)],
    state: "active",
    secrets: [{ version: "v2" }, { version: "v1", until: "2026-11-23T10:00:00.000Z" }],
    createdAt: "2026-11-22T10:00:00.000Z",
    updatedAt: "2026-11-22T10:00:00.000Z",
    ...overrides,
  };
}

/** Registers the SubscriptionStore contract for one implementation; `make` returns an empty store. */
export function describeSubscriptionStore(name: string, make: () => Promise<SubscriptionStore>): void {
  describe(`${name} keeps the SubscriptionStore contract`, () => {
    describe("create and get", () => {
      it("reads back exactly what was created, optional fields included", async () => {
        const store = await make();
        const full = subscription("sub_1", {
          description: "core banking",
          failingSince: "2026-11-22T11:00:00.000Z",
          filter: "others",
        });
        await store.create(full);
        await store.create(subscription("sub_2"));
        expect(await store.get("sub_1")).toEqual(full);
        expect(await store.get("sub_2")).toEqual(subscription("sub_2"));
      });

      it("refuses with CONFLICT an id that exists, keeping the first", async () => {
        const store = await make();
        await store.create(subscription("sub_1"));
        await expectRejection(store.create(subscription("sub_1", { url: "https://other.example/" })), "CONFLICT");
        expect((await store.get("sub_1"))?.url).toBe("https://partner.example/hooks");
      });

      it("refuses with INVALID_MESSAGE an id no store can hold as a key", async () => {
        const store = await make();
        await expectRejection(store.create(subscription("sub_1#x?y/z")), "INVALID_MESSAGE");
        expect(await store.list()).toEqual([]);
      });

      it("returns null for an id that was never stored, including one no store could hold", async () => {
        const store = await make();
        await store.create(subscription("sub_1"));
        expect(await store.get("sub_2")).toBeNull();
        expect(await store.get("sub_1#x?y/z")).toBeNull();
      });

      it("hands out copies: changing a written or read subscription does not change what is stored", async () => {
        const store = await make();
        const written = subscription("sub_1");
        await store.create(written);
        written.secrets.length = 0;
        const read = await store.get("sub_1");
        read!.secrets.length = 0;
        (await store.list())[0]!.secrets.length = 0;
        expect(await store.get("sub_1")).toEqual(subscription("sub_1"));
      });
    });

    describe("list", () => {
      it("returns every stored subscription once", async () => {
        const store = await make();
        expect(await store.list()).toEqual([]);
        for (const id of ["sub_b", "sub_a", "sub_c"]) await store.create(subscription(id));
        await store.put(subscription("sub_b", { state: "disabled" }));
        const listed = await store.list();
        expect(listed.map((s) => s.id).sort()).toEqual(["sub_a", "sub_b", "sub_c"]);
        expect(listed.find((s) => s.id === "sub_b")?.state).toBe("disabled");
      });
    });

    describe("put", () => {
      it("replaces the whole subscription: fields left out are gone", async () => {
        const store = await make();
        await store.create(subscription("sub_1", { state: "disabled", disabledReason: "410", disabledAt: "t" }));
        const next = subscription("sub_1", {
          url: "https://partner.example/v2",
          updatedAt: "2026-11-23T00:00:00.000Z",
        });
        await store.put(next);
        expect(await store.get("sub_1")).toEqual(next);
      });

      it("fails with NOT_FOUND for an id that does not exist, creating nothing", async () => {
        const store = await make();
        await expectRejection(store.put(subscription("sub_1")), "NOT_FOUND");
        await expectRejection(store.put(subscription("sub_1#x?y/z")), "NOT_FOUND");
        expect(await store.get("sub_1")).toBeNull();
        expect(await store.list()).toEqual([]);
      });
    });

    describe("delete", () => {
      it("removes a subscription and says whether it existed", async () => {
        const store = await make();
        await store.create(subscription("sub_1"));
        await store.create(subscription("sub_2"));
        expect(await store.delete("sub_1")).toBe(true);
        expect(await store.delete("sub_1")).toBe(false);
        expect(await store.delete("sub_1#x?y/z")).toBe(false);
        expect(await store.get("sub_1")).toBeNull();
        expect((await store.list()).map((s) => s.id)).toEqual(["sub_2"]);
      });

      it("frees the id for a new subscription", async () => {
        const store = await make();
        await store.create(subscription("sub_1"));
        await store.delete("sub_1");
        await store.create(subscription("sub_1", { description: "again" }));
        expect((await store.get("sub_1"))?.description).toBe("again");
      });
    });
  });
}
