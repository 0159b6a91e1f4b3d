import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateIdHash } from "../../lib/domain/recordInput.js";
import { sampleUpdate } from "../support/outboxEntries.js";
import { buildApp } from "../../local/buildApp.js";
import { finalStatuses, startBankStack, type BankStack } from "./bankStack.js";

describe("submission pipeline end to end (host stand-in, Service Bus emulator, Azurite, anvil, Key Vault stand-in)", () => {
  let bank: BankStack;

  beforeAll(async () => {
    buildApp();
    // Retention every 3 s: nothing here is past retention, so it deletes nothing, but each run goes through every
    // store and the host's Durable purge API.
    bank = await startBankStack({ settings: { RETENTION_SCHEDULE: "*/3 * * * * *" } });
  }, 180_000);
  afterAll(async () => {
    await bank?.stop();
  });

  async function upsertsOnChain(updateIds: string[]): Promise<number> {
    const wanted = new Set(updateIds.map(updateIdHash));
    const events = await bank.ledger.recordEvents(0, await bank.ledger.blockNumber());
    return events.filter((e) => e.kind === "upserted" && wanted.has(e.updateId)).length;
  }

  it("confirms N updates, writes a thrice-sent update once, rejects bad input by field, supersedes an older asOf", async () => {
    const updates = Array.from({ length: 30 }, (_, n) => sampleUpdate(n));
    const first = updates[0]!;
    await bank.send([
      ...updates.map((u) => ({ body: u, messageId: u.updateId })),
      { body: first, messageId: first.updateId },
      { body: first, messageId: first.updateId },
      { body: sampleUpdate(100, { updateId: "bad-score", score: 900 }), messageId: "bad-score" },
      { body: "{not json", messageId: "bad-json" },
    ]);
    await bank.waitFor(
      (r) => updates.every((u) => finalStatuses(r).has(u.updateId)) && finalStatuses(r).has("bad-json"),
    );
    const older = sampleUpdate(1, { updateId: "older", asOf: "2026-01-01T00:00:00Z" });
    await bank.send([{ body: older, messageId: "older" }]);
    await bank.waitFor((r) => finalStatuses(r).has("older"));

    const finals = finalStatuses(bank.results);
    for (const u of updates) expect(finals.get(u.updateId)).toEqual(["confirmed"]);
    expect(finals.get("older")).toEqual(["superseded"]);
    expect(bank.results.get("bad-score")).toEqual([
      expect.objectContaining({ status: "rejected", reason: "score: must be between 300 and 850" }),
    ]);
    expect(bank.results.get("bad-json")).toEqual([
      expect.objectContaining({ status: "rejected", reason: "(body): is not valid JSON" }),
    ]);
    expect(await upsertsOnChain(updates.map((u) => u.updateId))).toBe(30);
  }, 120_000);

  it("loses and duplicates nothing when the host is killed mid-stream and restarted", async () => {
    const updates = Array.from({ length: 60 }, (_, n) => sampleUpdate(1000 + n));
    await bank.send(updates.map((u) => ({ body: u, messageId: u.updateId })));
    await bank.waitFor((r) => updates.some((u) => r.has(u.updateId)));
    await bank.host.kill();
    await bank.restartHost();
    await bank.waitFor((r) => updates.every((u) => finalStatuses(r).has(u.updateId)), 90_000);
    for (const u of updates) expect(finalStatuses(bank.results).get(u.updateId)).toEqual(["confirmed"]);
    expect(await upsertsOnChain(updates.map((u) => u.updateId))).toBe(60);
  }, 150_000);

  it("rides out Key Vault 429s and a dead chain endpoint without losing or duplicating", async () => {
    bank.keyVault.inject429({ count: 6, retryAfterInSeconds: 1 });
    await bank.rpcProxy.kill();
    const updates = Array.from({ length: 10 }, (_, n) => sampleUpdate(2000 + n));
    await bank.send(updates.map((u) => ({ body: u, messageId: u.updateId })));
    await new Promise((r) => setTimeout(r, 3_000));
    await bank.rpcProxy.restore();
    await bank.waitFor((r) => updates.every((u) => finalStatuses(r).has(u.updateId)), 90_000);
    for (const u of updates) expect(finalStatuses(bank.results).get(u.updateId)).toEqual(["confirmed"]);
    expect(await upsertsOnChain(updates.map((u) => u.updateId))).toBe(10);
  }, 150_000);

  it("starts during a Key Vault outage: ingests and answers health, signs once the vault is back", async () => {
    // Every vault call answers 503 (the SDK's own retries included) until the outage ends.
    bank.keyVault.inject429({ count: 1_000_000, operation: "any", status: 503 });
    await bank.restartHost();
    const updates = Array.from({ length: 5 }, (_, n) => sampleUpdate(3000 + n));
    await bank.send(updates.map((u) => ({ body: u, messageId: u.updateId })));
    await bank.waitFor((r) => updates.every((u) => r.get(u.updateId)?.some((x) => x.status === "accepted")), 30_000);
    const health = await fetch(`${bank.host.url}/api/health`);
    expect([200, 503]).toContain(health.status);
    expect(await health.json()).toEqual(expect.objectContaining({ status: expect.any(String) }));
    expect(updates.some((u) => finalStatuses(bank.results).has(u.updateId))).toBe(false);

    bank.keyVault.inject429({ count: 0 });
    await bank.waitFor((r) => updates.every((u) => finalStatuses(r).has(u.updateId)), 90_000);
    for (const u of updates) expect(finalStatuses(bank.results).get(u.updateId)).toEqual(["confirmed"]);
  }, 180_000);

  it("runs retention on its timer through every store and the Durable purge API, deleting nothing unfinished", async () => {
    const finished = () =>
      bank.logs.filter((l) => l.includes('"event":"retention.finished"')).map((l) => JSON.parse(l) as object);
    const deadline = Date.now() + 20_000;
    while (finished().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(finished()[0]).toMatchObject({ deleted: expect.objectContaining({ orchestrations: 0 }) });
    expect(bank.logs.filter((l) => l.includes("retentionTimer") && /"level":50/.test(l))).toEqual([]);
  }, 60_000);
});
