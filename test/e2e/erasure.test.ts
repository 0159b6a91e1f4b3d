// Erasure on request end to end, through the real app in the host stand-in: DELETE /api/subjects removes the
// subject's record and salt from every table, stops its pending webhooks, and its tombstone (sent by the submitter
// like any batch) takes this bank's record out of the chain's current state while another bank's stays.
import { TableClient, TableServiceClient } from "@azure/data-tables";
import { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import type { ErasureReport } from "../../lib/domain/erasure.js";
import { toRecordInput } from "../../lib/domain/recordInput.js";
import { subjectKey } from "../../lib/domain/subject.js";
import { buildApp } from "../../local/buildApp.js";
import { freshWallet, FREE_GAS, testProvider } from "../support/chain.js";
import { sampleUpdate } from "../support/outboxEntries.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../local/devStack/webhookReceiver.js";
import { finalStatuses, startBankStack, type BankStack } from "./bankStack.js";

describe("erasure end to end (DELETE /api/subjects through the host stand-in)", () => {
  let bank: BankStack;
  let receiver: WebhookReceiver;
  const provider = testProvider();
  const other = freshWallet(provider);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${bank.host.url}/api/${path}`, {
      ...init,
      headers: { "x-functions-key": bank.adminKey, "content-type": "application/json", ...init.headers },
    });
  const erase = (body: unknown) => api("subjects", { method: "DELETE", body: JSON.stringify(body) });

  beforeAll(async () => {
    buildApp();
    bank = await startBankStack({ otherMembers: [other.address] });
    receiver = await startWebhookReceiver("whsec_" + Buffer.from("placeholder-secret-000000000000").toString("base64"));
  }, 180_000);
  afterAll(async () => {
    provider.destroy();
    await receiver?.close();
    await bank?.stop();
  });

  it("refuses without the function key, and names the failing field", async () => {
    const subject = { scheme: "national-id", country: "SE", id: "198001019999" };
    const anonymous = await fetch(`${bank.host.url}/api/subjects`, { method: "DELETE", body: JSON.stringify(subject) });
    expect(anonymous.status).toBe(401);
    const bad = await erase({ scheme: "national-id", country: "Sweden" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors).toEqual([
      "country must be an ISO 3166-1 alpha-2 code",
      "id is required",
    ]);
    expect((await erase([subject])).status).toBe(400);
  });

  it("erases the subject's data, stops its pending webhooks, tombstones our record only; a second call is a no-op", async () => {
    const created = await api("subscriptions", {
      method: "POST",
      body: JSON.stringify({ url: receiver.url, filter: { issuers: "self" } }),
    });
    const subscription = (await created.json()) as { id: string; secret: string };
    receiver.setSecret(subscription.secret);
    receiver.setReply(() => ({ status: 503, headers: { "retry-after": "3" } }));

    const first = sampleUpdate(9100);
    const subject = first.subject;
    const second = sampleUpdate(9101, { subject, asOf: new Date(Date.parse(first.asOf) + 60_000).toISOString() });
    const bystander = sampleUpdate(9102);
    for (const batch of [[first, bystander], [second]]) {
      await bank.send(batch.map((u) => ({ body: u, messageId: u.updateId })));
      await bank.waitFor((r) => batch.every((u) => finalStatuses(r).get(u.updateId)?.[0] === "confirmed"));
    }

    const key = subjectKey(subject, bank.subjectKeySecret);
    const registry = new Contract(
      bank.contractAddress,
      creditRegistryAbi,
      other.connect(testProvider(bank.anvil.rpcUrl)),
    );
    const theirs = toRecordInput({ ...sampleUpdate(9103, { subject }), score: 777 }, key, `0x${"ab".repeat(32)}`);
    await (
      await (registry["upsertBatch"] as (r: unknown[], o: object) => Promise<{ wait(): Promise<unknown> }>)(
        [theirs],
        FREE_GAS,
      )
    ).wait();

    const outbox = await openTableOutboxStore(bank.storage.connectionString, `${bank.storage.tablePrefix}outbox`);
    const salts = await Promise.all([first, second].map(async (u) => (await outbox.get(u.updateId))?.salt));
    expect(salts.every((s) => typeof s === "string")).toBe(true);
    await until(() => new Set(receiver.received.map((r) => r.id)).size >= 3, "every record's webhook was tried");
    const aboutSubject = () => receiver.received.filter((r) => r.body.includes(key.slice(2))).length;
    const triedBefore = aboutSubject();
    expect(triedBefore).toBeGreaterThanOrEqual(2);

    const answer = await erase(subject);
    expect(answer.status).toBe(200);
    const report = (await answer.json()) as ErasureReport;
    expect(report).toMatchObject({
      subjectKey: key,
      removed: { outboxRecords: 2, salts: 2, deliveries: 2 },
      stoppedDeliveries: 2,
      waitingUpdates: 0,
      tombstone: { status: "accepted" },
    });
    expect(report.removed.attempts).toBeGreaterThanOrEqual(2);
    const tombstoneId = report.tombstone?.updateId ?? "";
    await bank.waitFor((r) => finalStatuses(r).get(tombstoneId)?.[0] === "confirmed");

    expect(await bank.ledger.getRecord(key, bank.address)).toBeNull();
    expect((await bank.ledger.getRecord(key, other.address))?.score).toBe(777);
    const bystanderKey = subjectKey(bystander.subject, bank.subjectKeySecret);
    expect((await bank.ledger.getRecord(bystanderKey, bank.address))?.score).toBe(bystander.score);
    const query = new URLSearchParams({ scheme: subject.scheme, country: subject.country, id: subject.id });
    const records = (await (await api(`records?${query}`)).json()) as { records: { issuer: string }[] };
    expect(records.records.map((r) => r.issuer)).toEqual([other.address]);

    const stored = await storedText(bank);
    for (const secret of [subject.id, ...(salts as string[]).map((s) => s.replace(/^0x/, ""))]) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).toContain(bystander.subject.id);

    receiver.setReply(() => ({ status: 200 }));
    await new Promise((r) => setTimeout(r, 5_000));
    await until(() => receiver.delivered().some((r) => r.body.includes(bystanderKey.slice(2))), "retries went on");
    expect(aboutSubject()).toBe(triedBefore);

    const again = (await (await erase(subject)).json()) as ErasureReport;
    expect(again).toMatchObject({
      removed: { outboxRecords: 0, salts: 0, deliveries: 0, attempts: 0 },
      stoppedDeliveries: 0,
      waitingUpdates: 0,
      inFlightUpdates: 0,
      tombstone: null,
    });

    const later = sampleUpdate(9104, { subject, asOf: first.asOf });
    await bank.send([{ body: later, messageId: later.updateId }]);
    await bank.waitFor((r) => finalStatuses(r).get(later.updateId)?.[0] === "confirmed");
    expect((await bank.ledger.getRecord(key, bank.address))?.score).toBe(later.score);
    await until(() => receiver.delivered().some((r) => r.body.includes(later.updateId)), "the later record arrived");
  }, 240_000);
});

/** Every table of the bank as text (binary document chunks decoded as UTF-8). */
async function storedText(bank: BankStack): Promise<string> {
  const options = { allowInsecureConnection: true };
  const service = TableServiceClient.fromConnectionString(bank.storage.connectionString, options);
  const parts: string[] = [];
  for await (const table of service.listTables()) {
    if (!table.name?.startsWith(bank.storage.tablePrefix)) continue;
    const client = TableClient.fromConnectionString(bank.storage.connectionString, table.name, options);
    for await (const row of client.listEntities<Record<string, unknown>>()) {
      for (const value of Object.values(row)) {
        parts.push(value instanceof Uint8Array ? Buffer.from(value).toString("utf8") : String(value));
      }
    }
  }
  return parts.join("\n");
}

async function until(done: () => boolean, what: string, timeoutInMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
