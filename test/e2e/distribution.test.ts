import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyDelivery } from "../../lib/partner/verifyDelivery.js";
import { buildApp } from "../../local/buildApp.js";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import { sampleUpdate } from "../support/outboxEntries.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";
import { finalStatuses, startBankStack, type BankStack } from "./bankStack.js";

describe("distribution end to end (watcher, dispatcher, admin API, read API through the host stand-in)", () => {
  let bank: BankStack;
  let receiver: WebhookReceiver;
  // The health report is cached for HEALTH_CACHE_SECONDS (1 s in the bank stack).
  const healthAfterCache = async () => {
    await new Promise((r) => setTimeout(r, 1_100));
    return (await fetch(`${bank.host.url}/api/health`)).status;
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${bank.host.url}/api/${path}`, {
      ...init,
      headers: { "x-functions-key": bank.adminKey, "content-type": "application/json", ...init.headers },
    });

  /** The app's structured log lines with `event`. */
  const logEvents = (event: string) =>
    bank.logs.flatMap((line) => {
      const start = line.indexOf("{");
      if (start < 0 || !line.includes(`"${event}"`)) return [];
      try {
        const parsed = JSON.parse(line.slice(start)) as { event?: string; invocationId?: string };
        return parsed.event === event ? [parsed] : [];
      } catch {
        return [];
      }
    });

  beforeAll(async () => {
    buildApp();
    bank = await startBankStack();
    receiver = await startWebhookReceiver("whsec_" + Buffer.from("placeholder-secret-000000000000").toString("base64"));
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    await bank?.stop();
  });

  it("refuses the admin API without the function key", async () => {
    const response = await fetch(`${bank.host.url}/api/subscriptions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
  });

  it("delivers every confirmed record once, signed, verifiable against the chain; read API and replay work", async () => {
    const created = await api("subscriptions", {
      method: "POST",
      body: JSON.stringify({ url: receiver.url, filter: { issuers: "self" } }),
    });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string; secret: string };
    expect(subscription.secret).toMatch(/^whsec_/);
    receiver.setSecret(subscription.secret);

    const updates = Array.from({ length: 12 }, (_, n) => sampleUpdate(7000 + n));
    await bank.send(updates.map((u) => ({ body: u, messageId: u.updateId })));
    await bank.waitFor((r) => updates.every((u) => finalStatuses(r).has(u.updateId)));
    const deadline = Date.now() + 60_000;
    while (new Set(receiver.delivered().map((d) => d.id)).size < updates.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const delivered = receiver.delivered();
    expect(new Set(delivered.map((d) => d.id)).size).toBe(updates.length);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    for (const delivery of delivered.slice(0, 3)) {
      const headers = {
        "webhook-id": delivery.id,
        "webhook-signature": delivery.signature,
        "webhook-timestamp": delivery.timestamp,
      };
      const body = JSON.parse(delivery.body) as { data: { record: { updateId: string } } };
      expect(updates.map((u) => u.updateId)).toContain(body.data.record.updateId);
      const verdict = await verifyDelivery(
        { body: delivery.body, headers },
        { secret: subscription.secret, registry: bank.ledger, subjectKeySecret: bank.subjectKeySecret },
      );
      expect(verdict).toMatchObject({ ok: true });
    }

    const timeline = (await (await api(`updates/${encodeURIComponent(updates[0]!.updateId)}`)).json()) as {
      status: string;
      timeline: { status: string }[];
    };
    expect(timeline.status).toBe("confirmed");
    expect(timeline.timeline.map((e) => e.status)).toEqual(["received", "accepted", "submitted", "confirmed"]);
    const subject = updates[0]!.subject;
    const records = (await (
      await api(`records?scheme=${subject.scheme}&country=${subject.country}&id=${subject.id}`)
    ).json()) as { records: { issuer: string; commitmentVerified: boolean }[] };
    expect(records.records).toEqual([expect.objectContaining({ issuer: bank.address, commitmentVerified: true })]);
    // The same search with the subject in the body (kept out of URLs), and a body with a stray field refused.
    const searched = await api("records/search", { method: "POST", body: JSON.stringify(subject) });
    expect(await searched.json()).toEqual(records);
    const stray = await api("records/search", { method: "POST", body: JSON.stringify({ ...subject, name: "x" }) });
    expect(stray.status).toBe(400);
    expect(await stray.json()).toEqual({ errors: ["name is not a known field"] });
    const health = await fetch(`${bank.host.url}/api/health`);
    expect(health.status).toBe(200);

    const before = receiver.received.length;
    const replay = await api(`subscriptions/${subscription.id}/replay`, {
      method: "POST",
      body: JSON.stringify({ since: 0 }),
    });
    expect(replay.status).toBe(202);
    const replayDeadline = Date.now() + 30_000;
    while (receiver.received.length < before + updates.length && Date.now() < replayDeadline)
      await new Promise((r) => setTimeout(r, 200));
    const replayed = receiver.received.slice(before);
    expect(new Set(replayed.map((r) => r.id))).toEqual(new Set(delivered.map((d) => d.id)));
    // The dispatcher is a batch trigger: jobs queued together are handled together.
    const invocations = new Set(logEvents("webhook.delivered").map((line) => line.invocationId));
    expect(invocations.size).toBeLessThan(logEvents("webhook.delivered").length);
  }, 150_000);

  it("logs and drops malformed delivery jobs without failing the batch they arrive in", async () => {
    const sender = bank.client.createSender("bank-a-delivery");
    await sender.sendMessages([{ body: { subscriptionId: "sub_x" } }, { body: "not a job" }]);
    await sender.close();
    const deadline = Date.now() + 30_000;
    while (logEvents("webhook.malformed").length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(logEvents("webhook.malformed")).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 1_500));
    // Completed, not abandoned: a failed batch would be redelivered and logged again.
    expect(logEvents("webhook.malformed")).toHaveLength(2);
  }, 60_000);

  it("retries a receiver answering 500 until it succeeds, and disables a subscription answered with 410", async () => {
    const flaky = await startWebhookReceiver(
      "whsec_" + Buffer.from("placeholder-secret-000000000001").toString("base64"),
      (n) => (n < 2 ? { status: 500 } : { status: 200 }),
    );
    const gone = await startWebhookReceiver(
      "whsec_" + Buffer.from("placeholder-secret-000000000002").toString("base64"),
      () => ({ status: 410 }),
    );
    try {
      const subscribe = async (url: string) =>
        (await (
          await api("subscriptions", { method: "POST", body: JSON.stringify({ url, filter: { issuers: "all" } }) })
        ).json()) as { id: string; secret: string };
      const flakySub = await subscribe(flaky.url);
      const goneSub = await subscribe(gone.url);
      flaky.setSecret(flakySub.secret);
      gone.setSecret(goneSub.secret);
      const update = sampleUpdate(8000);
      await bank.send([{ body: update, messageId: update.updateId }]);
      const deadline = Date.now() + 60_000;
      const goneState = async () =>
        (await (await api(`subscriptions/${goneSub.id}`)).json()) as { state: string; disabledReason?: string };
      while ((flaky.delivered().length === 0 || (await goneState()).state !== "disabled") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(flaky.received.map((r) => r.status).slice(0, 3)).toEqual([500, 500, 200]);
      expect(new Set(flaky.received.map((r) => r.id)).size).toBe(1); // the same webhook-id on every attempt
      expect(await goneState()).toMatchObject({ state: "disabled", disabledReason: expect.stringMatching(/410/) });
      expect(gone.received).toHaveLength(1);
    } finally {
      await Promise.all([flaky.close(), gone.close()]);
    }
  }, 120_000);

  it("runs reconciliation on demand and serves its report; health answers 503 while the chain endpoint is dead", async () => {
    expect((await api("reconciliation/latest")).status).toBe(404);
    const invoked = await fetch(`${bank.host.url}/admin/functions/reconciliationTimer`, {
      method: "POST",
      headers: { "x-functions-key": bank.adminKey, "content-type": "application/json" },
      body: JSON.stringify({ input: "" }),
    });
    expect(invoked.status).toBeLessThan(300);
    const deadline = Date.now() + 30_000;
    let latest = await api("reconciliation/latest");
    while (latest.status === 404 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      latest = await api("reconciliation/latest");
    }
    expect(latest.status).toBe(200);
    expect(await latest.json()).toMatchObject({ counts: expect.any(Object), findings: expect.any(Array) });

    await bank.rpcProxy.kill();
    try {
      expect(await healthAfterCache()).toBe(503);
    } finally {
      await bank.rpcProxy.restore();
    }
    expect(await healthAfterCache()).toBe(200);
  }, 120_000);

  it("one record never stops the bank: odd and malformed messages among ordinary ones each get one answer, alone", async () => {
    const partner = await startWebhookReceiver(
      "whsec_" + Buffer.from("placeholder-secret-111111111111").toString("base64"),
    );
    try {
      const created = await api("subscriptions", {
        method: "POST",
        body: JSON.stringify({ url: partner.url, filter: { issuers: "self" } }),
      });
      partner.setSecret(((await created.json()) as { secret: string }).secret);
      const ordinary = Array.from({ length: 20 }, (_, n) => sampleUpdate(9000 + n));
      const odd = oddUpdates();
      const messages = [
        ...ordinary.slice(0, 10).map((u) => ({ body: u as unknown, messageId: u.updateId })),
        ...odd.map(({ body, messageId }) => ({ body, messageId })),
      ];
      await bank.send(messages);
      await bank.send(ordinary.slice(10).map((u) => ({ body: u, messageId: u.updateId })));
      const expected = new Map(odd.map((o) => [o.answerId, o.status]));
      await bank.waitFor(
        (r) =>
          ordinary.every((u) => finalStatuses(r).has(u.updateId)) &&
          [...expected.keys()].every((id) => finalStatuses(r).has(id)),
        90_000,
      );
      for (const u of ordinary) expect(finalStatuses(bank.results).get(u.updateId)).toEqual(["confirmed"]);
      for (const [id, status] of expected) expect([id, finalStatuses(bank.results).get(id)]).toEqual([id, [status]]);
      const wanted = new Set([
        ...ordinary.map((u) => u.updateId),
        ...odd.filter((o) => o.status === "confirmed").map((o) => o.answerId),
      ]);
      const deadline = Date.now() + 60_000;
      const deliveredIds = () =>
        new Set(
          partner
            .delivered()
            .map((d) => (JSON.parse(d.body) as { data: { record: { updateId: string } } }).data.record.updateId),
        );
      while ([...wanted].some((id) => !deliveredIds().has(id)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect([...wanted].filter((id) => !deliveredIds().has(id))).toEqual([]);
      expect(partner.received.every((r) => r.verified)).toBe(true);
      const deadLetters = bank.client.createReceiver("bank-a-inbound", { subQueueType: "deadLetter" });
      expect(await deadLetters.peekMessages(10)).toEqual([]);
      await deadLetters.close();
    } finally {
      await partner.close();
    }
  }, 150_000);
});

/** Unusual-but-valid and invalid messages, each with the id its one final answer carries and that answer. */
function oddUpdates(): { body: unknown; messageId: string; answerId: string; status: string }[] {
  const valid = (n: number, overrides: Partial<CreditUpdate>) => {
    const body = sampleUpdate(n, overrides);
    return { body, messageId: body.updateId, answerId: body.updateId, status: "confirmed" };
  };
  const invalid = (n: number, overrides: Partial<CreditUpdate>, messageId = `odd-${n}`) => ({
    body: sampleUpdate(n, { updateId: `odd-${n}`, ...overrides }),
    messageId,
    answerId: `odd-${n}`,
    status: "rejected",
  });
  return [
    valid(9100, { updateId: "36n", asOf: "2016-12-31T23:59:60Z" }),
    valid(9101, { updateId: "odd-epoch", asOf: "1970-01-01T00:00:00.001Z", scoreModel: "12n" }),
    valid(9102, { updateId: "odd-offset", asOf: "2026-11-01T23:30:00.123456-11:00", reasonCodes: ["7n"] }),
    valid(9103, {
      updateId: "odd-unicode",
      attributes: { note: "Åsa 🧾 \u202e", n: Number.MAX_SAFE_INTEGER, x: "0n" },
    }),
    invalid(9104, { asOf: "1931-05-01T00:00:00Z" }),
    invalid(9105, { attributes: { note: "a\u0000b" } }),
    invalid(9106, {}, "not-the-update-id"),
    { body: "{ broken", messageId: "odd-json", answerId: "odd-json", status: "rejected" },
  ];
}
