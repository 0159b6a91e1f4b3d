import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { signedHeaders } from "../../lib/adapters/http/fetchWebhookSender.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { webhookId, webhookPayload } from "../../lib/domain/webhook.js";
import type { ChainRecordEvent } from "../../lib/domain/webhookEvents.js";
import type { UpdateEntry } from "../../lib/ports/outbox.js";
import { verifyDelivery } from "../../lib/partner/verifyDelivery.js";
import { testStack } from "../stack.js";
import { deployRegistry, FREE_GAS, freshWallet, testProvider } from "../support/chain.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const secret = "whsec_" + Buffer.alloc(32, 7).toString("base64");
const consortiumSecret = new Uint8Array(32).fill(3);
const provider = testProvider();

describe("verifyDelivery (the partner's verifier, against its own node)", () => {
  let pool: RpcPool;
  let ledger: CreditRegistryLedger;
  let entry: UpdateEntry;
  let event: ChainRecordEvent;
  const issuer = freshWallet(provider);

  beforeAll(async () => {
    const contractAddress = await deployRegistry(freshWallet(provider), [issuer.address]);
    pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
    ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
    entry = sampleEntry(sampleUpdate(1));
    const tx = await issuer.sendTransaction({
      to: contractAddress,
      data: ledger.encodeUpsertBatch([entry.input]),
      ...FREE_GAS,
    });
    const receipt = await ledger.receipt((await tx.wait())?.hash ?? "");
    const upserted = receipt?.events.find((e) => e.kind === "upserted");
    if (!upserted || upserted.kind !== "upserted") throw new Error("no event");
    event = { ...upserted, type: "credit-record.confirmed", asOf: upserted.asOf.toString() };
  });
  afterAll(() => pool.destroy());

  /** A delivery as the dispatcher sends it (optionally with a different record or time). */
  function delivery(options: { body?: string; at?: Date; salt?: string } = {}) {
    const opening = { record: entry.record, salt: options.salt ?? entry.salt };
    const body = options.body ?? JSON.stringify(webhookPayload(event, opening, new Date().toISOString()));
    const headers = signedHeaders({
      webhookId: webhookId("sub_1", event),
      timestamp: options.at ?? new Date(),
      body,
      secrets: [secret],
    });
    return { body, headers };
  }
  const options = () => ({ secret, registry: ledger, subjectKeySecret: consortiumSecret });
  const opening = () => ({ record: entry.record, salt: entry.salt });

  it("accepts a genuine delivery", async () => {
    const result = await verifyDelivery(delivery(), options());
    expect(result).toMatchObject({ ok: true, superseded: false, payload: { data: { record: entry.record } } });
  });

  it("accepts a delivery signed with two secrets during a rotation", async () => {
    const { body } = delivery();
    const headers = signedHeaders({
      webhookId: "msg_1",
      timestamp: new Date(),
      body,
      secrets: ["whsec_" + Buffer.alloc(32, 1).toString("base64"), secret],
    });
    expect((await verifyDelivery({ body, headers }, options())).ok).toBe(true);
  });

  it("rejects a tampered body", async () => {
    const genuine = delivery();
    const body = genuine.body.replace(`"score":${entry.record.score}`, `"score":${entry.record.score + 1}`);
    expect(body).not.toBe(genuine.body);
    expect(await verifyDelivery({ body, headers: genuine.headers }, options())).toMatchObject({
      ok: false,
      reason: "signature",
    });
  });

  it("rejects an old timestamp", async () => {
    const old = delivery({ at: new Date(Date.now() - 10 * 60_000) });
    expect(await verifyDelivery(old, options())).toMatchObject({ ok: false, reason: "timestamp" });
  });

  it("rejects a correctly signed record whose commitment differs from the chain", async () => {
    const forged = delivery({ salt: "0x" + "11".repeat(32) });
    expect(await verifyDelivery(forged, options())).toMatchObject({ ok: false, reason: "commitment-mismatch" });
  });

  it("rejects a delivery that points at another log of the transaction", async () => {
    const body = JSON.stringify(webhookPayload({ ...event, logIndex: event.logIndex + 1 }, opening(), "t"));
    expect(await verifyDelivery(delivery({ body }), options())).toMatchObject({ ok: false, reason: "not-on-chain" });
  });

  it("accepts the delivery of a record the issuer has replaced since, and says so", async () => {
    const newer = sampleEntry(sampleUpdate(1, { updateId: "bank-a/test/newer", asOf: "2026-11-21T11:00:00.000Z" }));
    const tx = await issuer.sendTransaction({
      to: ledger.contractAddress,
      data: ledger.encodeUpsertBatch([newer.input]),
      ...FREE_GAS,
    });
    await tx.wait();
    expect(await verifyDelivery(delivery(), options())).toMatchObject({ ok: true, superseded: true });
  });

  it("rejects a delivery for a record the chain does not hold", async () => {
    const body = JSON.stringify(webhookPayload({ ...event, subjectKey: "0x" + "00".repeat(32) }, opening(), "t"));
    const result = await verifyDelivery(delivery({ body }), { secret, registry: ledger });
    expect(result).toMatchObject({ ok: false, reason: "not-on-chain" });
  });
});
