import { describe, expect, it } from "vitest";
import { FetchWebhookSender } from "../../lib/adapters/http/fetchWebhookSender.js";
import { fanOutEvents } from "../../lib/distribution/fanOutEvents.js";
import { rotateSubscriptionSecret } from "../../lib/subscriptions/rotateSubscriptionSecret.js";
import { distributionHarness, drainQueue, sampleEvent, testReceivers } from "../support/distributionHarness.js";

const { subscribe } = testReceivers();

describe("a destination refused at connect time (DNS rebinding)", () => {
  it("fails the delivery for good on the first attempt and disables the subscription with the reason", async () => {
    const { deps } = distributionHarness();
    // Stored while its name resolved to an allowed address; by delivery time it resolves to loopback, which the
    // sender (private ranges allowed, loopback not) refuses at connect.
    const s = await subscribe(deps);
    const url = deps.subscriptions.rows.get(s.id)?.url ?? "";
    deps.subscriptions.rows.set(s.id, {
      ...deps.subscriptions.rows.get(s.id)!,
      url: url.replace("127.0.0.1", "localhost"),
    });
    deps.sender = new FetchWebhookSender({ allowPrivateAddresses: true });
    await fanOutEvents(deps, [sampleEvent(1), sampleEvent(2)]);
    const results = await drainQueue(deps);
    expect(results[0]).toMatchObject({
      status: "disabled",
      outcome: expect.stringMatching(/^destination refused: webhook address refused for localhost: .* is loopback/),
    });
    expect(results.map((r) => r.status)).toEqual(["disabled", "held"]);
    expect(s.receiver.received).toHaveLength(0);
    expect(deps.subscriptions.rows.get(s.id)).toMatchObject({
      state: "disabled",
      disabledReason: expect.stringContaining("destination refused"),
    });
    const deliveries = await deps.deliveries.list(s.id);
    expect(deliveries.map((d) => d.status)).toEqual(["held", "held"]);
    const attempts = await Promise.all(deliveries.map((d) => deps.deliveries.attempts(s.id, d.webhookId)));
    expect(attempts.flat()).toHaveLength(1);
  });

  it("refuses an IP literal before connecting, with the same final outcome", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    deps.sender = new FetchWebhookSender({ allowPrivateAddresses: true });
    await fanOutEvents(deps, [sampleEvent(1)]);
    expect(await drainQueue(deps)).toMatchObject([
      { status: "disabled", outcome: expect.stringContaining("loopback") },
    ]);
    expect(s.receiver.received).toHaveLength(0);
  });
});

describe("rotateSubscriptionSecret with revokePrevious (POST /api/subscriptions/{id}/revoke-secret)", () => {
  it("stops every previous secret at once: the next delivery is signed by the new secret alone", async () => {
    const { deps } = distributionHarness();
    const s = await subscribe(deps);
    const rotated = await rotateSubscriptionSecret(deps, { id: s.id });
    expect(deps.subscriptions.rows.get(s.id)?.secrets).toHaveLength(2);
    const revoked = await rotateSubscriptionSecret(deps, { id: s.id, revokePrevious: true });
    expect(revoked?.previousValidUntil).toBe(deps.clock.now().toISOString());
    expect(deps.subscriptions.rows.get(s.id)?.secrets).toHaveLength(1);
    s.receiver.setSecret(revoked?.secret ?? "");
    await fanOutEvents(deps, [sampleEvent(1)]);
    await drainQueue(deps);
    const [received] = s.receiver.delivered();
    expect(received?.signature.split(" ")).toHaveLength(1);
    expect(revoked?.secret).not.toBe(rotated?.secret);
  });
});
