import { Transaction } from "ethers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ingestUpdate, ingestUpdates } from "../../lib/submission/ingestUpdate.js";
import { confirmTransaction } from "../../lib/submission/confirmTransaction.js";
import { reconcileSigner } from "../../lib/submission/reconcileSigner.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { batchGasLimit } from "../../lib/adapters/evm/batchPlanner.js";
import { subjectKey } from "../../lib/domain/subject.js";
import { mineBlock } from "../support/chain.js";
import { sampleUpdate } from "../support/outboxEntries.js";
import { bank, closeBanks, drain, finalStatuses, type Bank } from "../support/chainBank.js";

afterAll(closeBanks);

describe("submission pipeline (use cases on the real chain)", () => {
  let b: Bank;
  beforeEach(async () => {
    b = await bank();
  });

  it("takes N updates to N confirmed results, in batches, with chain state equal to what was sent", async () => {
    const updates = Array.from({ length: 120 }, (_, n) => sampleUpdate(n));
    for (const u of updates) expect((await ingestUpdate(b.deps, { body: u })).outcome).toBe("accepted");
    await drain(b);
    const statuses = finalStatuses(b);
    expect(statuses.size).toBe(120);
    expect([...statuses.values()].every((s) => s === "confirmed")).toBe(true);
    expect(b.deps.transactions.txs.size).toBe(3); // 50 + 50 + 20
    for (const u of updates.slice(0, 10)) {
      const onChain = await b.ledger.getRecord(
        subjectKey(u.subject, b.deps.settings.subjectKeySecret),
        b.wallet.address,
      );
      const entry = b.deps.outbox.entries.get(u.updateId);
      expect(onChain).toEqual({
        score: u.score,
        scoreModel: entry?.input.scoreModel,
        asOf: BigInt(Date.parse(u.asOf)),
        recordHash: entry?.input.recordHash,
      });
    }
  });

  it("ingests a mixed batch at once: each message answered in order, in one results send, repeats written once; a reused id is the message's own conflict", async () => {
    await ingestUpdate(b.deps, { body: sampleUpdate(1) });
    const sendsBefore = b.deps.results.sends;
    const reused = { ...sampleUpdate(3), score: 4 };
    const outcomes = await ingestUpdates(b.deps, [
      { body: sampleUpdate(1) },
      { body: sampleUpdate(2) },
      { body: "{nope", messageId: "msg-5" },
      { body: sampleUpdate(3) },
      { body: sampleUpdate(2) },
      { body: reused },
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual([
      "duplicate",
      "accepted",
      "rejected",
      "accepted",
      "duplicate",
      "conflict",
    ]);
    expect(b.deps.results.sends).toBe(sendsBefore + 1);
    expect(b.deps.results.published.slice(-5).map((r) => `${r.updateId} ${r.status} ${r.scope ?? "update"}`)).toEqual([
      "bank-a/test/1 accepted update",
      "bank-a/test/2 accepted update",
      "msg-5 rejected message",
      "bank-a/test/3 accepted update",
      "bank-a/test/3 conflict message",
    ]);
    await drain(b);
    const events = await b.ledger.recordEvents(0, await b.ledger.blockNumber());
    expect(events.filter((e) => e.issuer === b.wallet.address)).toHaveLength(3);
  });

  it("signs batches for the gas they need: updates of existing records pack three times denser than new ones", async () => {
    const first = Array.from({ length: 40 }, (_, n) => sampleUpdate(n));
    for (const u of first) await ingestUpdate(b.deps, { body: u });
    await drain(b);
    const newer = first.map((u) => ({ ...u, updateId: `${u.updateId}/v2`, asOf: "2026-11-21T00:00:00.000Z" }));
    for (const u of newer) await ingestUpdate(b.deps, { body: u });
    await drain(b);
    const [created, updated] = [...b.deps.transactions.txs.values()].map((tx) => Transaction.from(tx.raw).gasLimit);
    expect(created).toBeLessThanOrEqual(batchGasLimit(40));
    expect(updated! * 2n).toBeLessThan(created!);
    expect([...finalStatuses(b).values()].filter((s) => s === "confirmed")).toHaveLength(80);
  });

  it("finishes a batch a crash left signed but unannounced, and never batches its updates again", async () => {
    for (let n = 0; n < 3; n++) await ingestUpdate(b.deps, { body: sampleUpdate(n) });
    const crashing = Object.assign(Object.create(b.deps.outbox) as typeof b.deps.outbox, {
      markSubmitted: async () => {
        throw new Error("host killed");
      },
    });
    await expect(submitNextBatch({ ...b.deps, outbox: crashing })).rejects.toThrow("host killed");
    expect((await b.deps.transactions.unfinished(b.wallet.address)).map((tx) => tx.status)).toEqual(["signed"]);
    const { submitted } = await submitNextBatch(b.deps);
    expect(submitted).toEqual([expect.objectContaining({ nonce: 0, broadcast: "sent" })]);
    await drain(b);
    expect(b.deps.transactions.txs.size).toBe(1);
    const events = await b.ledger.recordEvents(0, await b.ledger.blockNumber());
    expect(events.filter((e) => e.issuer === b.wallet.address)).toHaveLength(3);
  });

  it("writes an update sent three times once", async () => {
    const update = sampleUpdate(7);
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await ingestUpdate(b.deps, { body: update })).outcome);
    expect(outcomes).toEqual(["accepted", "duplicate", "duplicate"]);
    await drain(b);
    const events = await b.ledger.recordEvents(0, await b.ledger.blockNumber());
    expect(events.filter((e) => e.issuer === b.wallet.address)).toHaveLength(1);
    expect(b.deps.results.published.filter((r) => r.status === "confirmed")).toHaveLength(1);
  });

  it("rejects malformed and wrong-range input with field names, and nothing reaches the chain", async () => {
    const tooHigh = await ingestUpdate(b.deps, { body: sampleUpdate(1, { score: 5000 }) });
    const broken = await ingestUpdate(b.deps, { body: "{nope", messageId: "msg-9" });
    expect(broken).toMatchObject({ outcome: "rejected", errors: [{ field: "(body)", message: "is not valid JSON" }] });
    expect(tooHigh).toMatchObject({ outcome: "rejected", updateId: "bank-a/test/1" });
    expect(b.deps.results.published).toEqual([
      expect.objectContaining({
        updateId: "bank-a/test/1",
        status: "rejected",
        reason: expect.stringMatching(/^score: /),
      }),
      expect.objectContaining({ updateId: "msg-9", status: "rejected", reason: "(body): is not valid JSON" }),
    ]);
    expect((await submitNextBatch(b.deps)).submitted).toEqual([]);
  });

  it("reports the older of two out-of-order updates for a subject as superseded", async () => {
    const subject = sampleUpdate(1).subject;
    const newer = sampleUpdate(1, { updateId: "newer", subject, asOf: "2026-11-20T10:00:00Z" });
    const older = sampleUpdate(2, { updateId: "older", subject, asOf: "2026-11-19T10:00:00Z" });
    await ingestUpdate(b.deps, { body: newer });
    await drain(b);
    await ingestUpdate(b.deps, { body: older });
    await drain(b);
    expect(finalStatuses(b)).toEqual(
      new Map([
        ["newer", "confirmed"],
        ["older", "superseded"],
      ]),
    );
  });

  it("survives the chain endpoint dying during submission: the same bytes are rebroadcast, nothing duplicated", async () => {
    for (let n = 0; n < 5; n++) await ingestUpdate(b.deps, { body: sampleUpdate(n) });
    await b.proxy.kill();
    const { submitted } = await submitNextBatch(b.deps);
    expect(submitted).toEqual([expect.objectContaining({ nonce: 0, broadcast: "unreachable" })]);
    const stored = await b.deps.transactions.get(b.wallet.address, 0);
    await b.proxy.restore();
    await drain(b);
    expect(await b.deps.transactions.get(b.wallet.address, 0)).toMatchObject({
      hash: stored?.hash,
      status: "confirmed",
    });
    expect(b.deps.transactions.txs.size).toBe(1);
    expect([...finalStatuses(b).values()]).toEqual(Array(5).fill("confirmed"));
  });

  it("repairs a nonce gap injected by hand and then confirms everything", async () => {
    await b.deps.transactions.setNextNonce(b.wallet.address, 2, null); // nonces 0 and 1 never signed
    for (let n = 0; n < 3; n++) await ingestUpdate(b.deps, { body: sampleUpdate(n) });
    await submitNextBatch(b.deps); // nonce 2 waits behind the gap
    expect(await b.ledger.nonceOf(b.wallet.address, "latest")).toBe(0);
    const report = await reconcileSigner(b.deps);
    expect(report).toMatchObject({
      ourNonce: 3,
      chainNonce: 0,
      filled: [0, 1],
      rebroadcast: [2],
      foreignTransactions: 0,
    });
    await drain(b);
    expect(await b.ledger.nonceOf(b.wallet.address, "latest")).toBe(3);
    expect([...finalStatuses(b).values()]).toEqual(Array(3).fill("confirmed"));
  });

  it("adopts the chain's nonce when the key was used elsewhere and requeues the dropped batch", async () => {
    await b.wallet.sendTransaction({ to: b.wallet.address, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
    await ingestUpdate(b.deps, { body: sampleUpdate(1) });
    const first = await submitNextBatch(b.deps);
    expect(first.submitted[0]).toMatchObject({ nonce: 0, broadcast: "unreachable" });
    // The monitor drops it when a check at a later block agrees the nonce was used by other bytes.
    const check = () => confirmTransaction(b.deps, { address: b.wallet.address, nonce: 0, check: 0 });
    expect(await check()).toMatchObject({ status: "pending" });
    await mineBlock();
    expect(await check()).toMatchObject({ status: "final", outcome: "dropped" });
    await drain(b);
    expect(finalStatuses(b).get("bank-a/test/1")).toBe("confirmed");
    expect(b.deps.outbox.entries.get("bank-a/test/1")).toMatchObject({ nonce: 1, requeues: 1 });
  });

  it("rejects every record of a reverted batch with the decoded reason when the key is not a member", async () => {
    const outsider = await bank({ member: false });
    for (let n = 0; n < 2; n++) await ingestUpdate(outsider.deps, { body: sampleUpdate(n) });
    const finals = await drain(outsider);
    expect(finals).toEqual([
      expect.objectContaining({ outcome: "failed", counts: { rejected: 2, requeued: 0, failed: 0 } }),
    ]);
    const rejected = outsider.deps.results.published.filter((r) => r.status === "rejected");
    expect(rejected.map((r) => r.reason)).toEqual(Array(2).fill(`reverted: NotMember(${outsider.wallet.address})`));
  });
});
