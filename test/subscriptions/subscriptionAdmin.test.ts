import { describe, expect, it } from "vitest";
import { createSubscription } from "../../lib/subscriptions/createSubscription.js";
import { deleteSubscription } from "../../lib/subscriptions/deleteSubscription.js";
import { getSubscription } from "../../lib/subscriptions/getSubscription.js";
import { listSubscriptions } from "../../lib/subscriptions/listSubscriptions.js";
import { rotateSubscriptionSecret } from "../../lib/subscriptions/rotateSubscriptionSecret.js";
import { updateSubscription } from "../../lib/subscriptions/updateSubscription.js";
import { secretName } from "../../lib/domain/distributionKeys.js";
import { distributionHarness } from "../support/distributionHarness.js";

const url = "https://partner.example/hooks";

describe("createSubscription", () => {
  it("answers { id, secret } with a whsec_ secret stored in the secret store, never in the subscription", async () => {
    const { deps } = distributionHarness({ allowHttp: false });
    const created = await createSubscription(deps, { url, filter: { issuers: "others" } });
    if (!created.ok) throw new Error(created.errors.join());
    expect(created.id).toMatch(/^sub_[0-9a-f]{24}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const stored = deps.subscriptions.rows.get(created.id);
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    expect(await deps.secrets.get(secretName(created.id), stored?.secrets[0]?.version ?? "")).toBe(created.secret);
    expect(created.subscription).toMatchObject({ url, filter: { issuers: "others" }, state: "active" });
    expect(created.subscription).not.toHaveProperty("secrets");
  });

  it.each<[unknown, RegExp]>([
    [{}, /url is required/],
    [{ url: "http://partner.example" }, /url must be https/],
    [{ url, filter: { issuers: "mine" } }, /filter.issuers/],
    [{ url, extra: 1 }, /extra is not a known field/],
    ["nope", /JSON object/],
  ])("rejects %j", async (body, error) => {
    const { deps } = distributionHarness({ allowHttp: false });
    const result = await createSubscription(deps, body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join()).toMatch(error);
  });
});

describe("subscription admin", () => {
  it("lists, gets, updates, re-activates and deletes", async () => {
    const { deps } = distributionHarness();
    const a = await createSubscription(deps, { url });
    const b = await createSubscription(deps, { url, filter: { issuers: ["0x" + "cc".repeat(20)] } });
    if (!a.ok || !b.ok) throw new Error("create");
    const listed = await listSubscriptions(deps);
    expect(listed.ok && listed.page.items.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(await getSubscription(deps, { id: a.id })).toMatchObject({
      filter: { issuers: "self" },
      deliveries: { pending: 0 },
    });
    const disabled = await updateSubscription(deps, { id: a.id, body: { state: "disabled" } });
    expect(disabled).toMatchObject({
      ok: true,
      subscription: { state: "disabled", disabledReason: "disabled by an operator" },
    });
    const active = await updateSubscription(deps, { id: a.id, body: { state: "active", url: url + "/v2" } });
    expect(active.ok && active.subscription).toMatchObject({ state: "active", url: url + "/v2" });
    expect(active.ok && active.subscription).not.toHaveProperty("disabledReason");
    expect(await updateSubscription(deps, { id: "sub_none", body: {} })).toEqual({ ok: false, notFound: true });
    expect(await deleteSubscription(deps, { id: a.id })).toBe(true);
    expect(await getSubscription(deps, { id: a.id })).toBeNull();
  });

  it("rotates the secret with an overlap in which both sign", async () => {
    const { deps } = distributionHarness();
    const created = await createSubscription(deps, { url });
    if (!created.ok) throw new Error("create");
    const rotated = await rotateSubscriptionSecret(deps, { id: created.id });
    expect(rotated?.secret).not.toBe(created.secret);
    const stored = deps.subscriptions.rows.get(created.id);
    expect(stored?.secrets).toHaveLength(2);
    expect(stored?.secrets[1]?.until).toBe(rotated?.previousValidUntil);
    expect(await rotateSubscriptionSecret(deps, { id: "sub_none" })).toBeNull();
  });
});

describe("subscriptionView of a URL stored with credentials before the door refused them", () => {
  it("never shows the credentials, in a read or a list", async () => {
    const { deps } = distributionHarness();
    const created = await createSubscription(deps, { url });
    if (!created.ok) throw new Error("create");
    const row = deps.subscriptions.rows.get(created.id)!;
    deps.subscriptions.rows.set(created.id, { ...row, url: "https://user:hunter2@partner.example/hooks" });
    const read = JSON.stringify(await getSubscription(deps, { id: created.id }));
    const listed = JSON.stringify(await listSubscriptions(deps));
    for (const text of [read, listed]) {
      expect(text).not.toContain("hunter2");
      expect(text).toContain("https://REDACTED@partner.example/hooks");
    }
  });
});
