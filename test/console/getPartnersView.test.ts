import { describe, expect, it } from "vitest";
import type { CounterRow } from "../../lib/ports/console.js";
import { getPartnersView } from "../../lib/console/getPartnersView.js";
import type { Subscription } from "../../lib/ports/subscriptions.js";

const subscription = (id: string, changes: Partial<Subscription> = {}): Subscription => ({
  id,
  url: `https://partner.example/${id}`,
  filter: "others",
  state: "active",
  secrets: [{ version: "v1" }],
  createdAt: "2026-12-05T07:00:00Z",
  updatedAt: "2026-12-05T07:00:00Z",
  ...changes,
});

describe("getPartnersView", () => {
  it("sums each subscription's dispatcher rows of the window, keeping the latest error", async () => {
    const rows: CounterRow[] = [
      {
        minute: "202612050758",
        key: "dispatch-1",
        counts: { "delivered:s1": 4, "retry:s2": 1 },
        notes: { s2: "HTTP 500" },
      },
      { minute: "202612050759", key: "dispatch-2", counts: { "exhausted:s2": 1 }, notes: { s2: "timeout" } },
      { minute: "202612050759", key: "ingest-1", counts: { received: 9 } },
    ];
    const disabled = subscription("s2", { state: "disabled", disabledReason: "410 Gone" });
    const view = await getPartnersView({
      counters: {
        read: async () => rows,
        put: async () => {},
        prune: async () => 0,
        putEnqueueTimes: async () => {},
        takeEnqueueTimes: async () => [],
      },
      subscriptions: { list: async () => [subscription("s1"), disabled] },
      deliveries: { exhausted: async (id) => (id === "s2" ? 1_500 : 0) },
      clock: { now: () => new Date("2026-12-05T08:00:00Z") },
    });
    expect(view.partners.map((p) => [p.subscription.id, p.recent, p.lastError, p.exhausted])).toEqual([
      ["s1", { delivered: 4, failing: 0, exhausted: 0 }, null, { count: 0, capped: false }],
      ["s2", { delivered: 0, failing: 1, exhausted: 1 }, "timeout", { count: 1_000, capped: true }],
    ]);
    expect(view.partners[1]?.subscription.disabledReason).toBe("410 Gone");
    expect(JSON.stringify(view)).not.toContain("v1");
  });
});
