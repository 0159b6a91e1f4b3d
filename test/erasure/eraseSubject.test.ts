import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Delivery } from "../../lib/ports/distribution.js";
import { subjectKey } from "../../lib/domain/subject.js";
import { eraseSubject, type EraseDeps } from "../../lib/erasure/eraseSubject.js";
import { ERASED_REASON } from "../../lib/submission/dropTransaction.js";
import { ingestUpdate } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { bank, closeBanks, drain, type Bank } from "../support/chainBank.js";
import { sampleDelivery } from "../support/distributionHarness.js";
import { MemoryDeliveries } from "../support/memoryDeliveries.js";
import { MemorySubscriptions } from "../support/memoryDistribution.js";
import { MemorySubjectOutbox } from "../support/memorySubjectOutbox.js";
import { sampleUpdate } from "../support/outboxEntries.js";

afterAll(closeBanks);

const subject = sampleUpdate(1).subject;
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes)).toISOString();

describe("eraseSubject (use case on the real chain, the submitter sending the tombstone)", () => {
  let b: Bank;
  let deps: EraseDeps;
  let key: string;
  beforeEach(async () => {
    b = await bank();
    key = subjectKey(subject, b.deps.settings.subjectKeySecret);
    const subscriptions = new MemorySubscriptions();
    const [url, secrets] = ["https://partner.example/hook", [{ version: "v1" }]];
    await subscriptions.create({
      id: "sub_1",
      url,
      filter: "all",
      state: "active",
      secrets,
      createdAt: at(0),
      updatedAt: at(0),
    });
    const { outbox, ledger, results, clock } = b.deps;
    const subjects = new MemorySubjectOutbox(outbox);
    const common = { outbox, subjects, subscriptions, deliveries: new MemoryDeliveries(), ledger, results, clock };
    deps = { ...common, ownAddress: b.wallet.address, subjectKeySecret: b.deps.settings.subjectKeySecret };
  });

  const send = (n: number, minutes: number) =>
    ingestUpdate(b.deps, { body: sampleUpdate(n, { subject, asOf: at(minutes) }) });
  const finals = (updateId: string) =>
    b.deps.results.published.filter((r) => r.updateId === updateId && r.status !== "accepted").map((r) => r.status);

  it("ends a waiting update failed, lets one in flight end with its transaction, then tombstones our record", async () => {
    await send(1, 1);
    await drain(b);
    await send(2, 2);
    await submitNextBatch(b.deps); // update 2 is in a signed, broadcast transaction
    await send(3, 3); // update 3 waits for a batch
    const erased = await eraseSubject(deps, { ...subject });
    if (!erased.ok) throw new Error(erased.errors.join());
    expect(erased.report).toMatchObject({
      removed: { outboxRecords: 3, salts: 3 },
      waitingUpdates: 1,
      inFlightUpdates: 1,
      tombstone: { status: "accepted" },
    });
    await drain(b);
    expect([finals("bank-a/test/1"), finals("bank-a/test/2"), finals("bank-a/test/3")]).toEqual([
      ["confirmed"],
      ["confirmed"],
      ["failed"],
    ]);
    expect(b.deps.outbox.entries.get("bank-a/test/3")?.reason).toBe(ERASED_REASON);
    expect(finals(erased.report.tombstone?.updateId ?? "")).toEqual(["confirmed"]);
    expect([...b.deps.transactions.txs.values()].filter((tx) => tx.kind === "erasure")).toHaveLength(1);
    expect(await b.ledger.getRecord(key, b.wallet.address)).toBeNull();
    const left = [...b.deps.outbox.entries.values()].filter((e) => e.record !== null || e.salt !== null);
    expect(left).toEqual([]);
  });

  it("an update the submitter read an instant before the erasure is batched and ends once; the tombstone follows", async () => {
    await send(7, 1);
    const outbox = b.deps.outbox;
    const read = outbox.pending.bind(outbox);
    let erasure: Awaited<ReturnType<typeof eraseSubject>> | undefined;
    outbox.pending = async (limit) => {
      const listed = await read(limit);
      erasure ??= await eraseSubject(deps, { ...subject });
      return listed;
    };
    await drain(b);
    expect(erasure).toMatchObject({ ok: true, report: { waitingUpdates: 1, tombstone: { status: "accepted" } } });
    // Batched from the listing read before the erasure: confirmed. Under load the step that read it can fail
    // before signing (a node timeout) and the next step reads the redacted listing: failed, never sent. Either
    // way one final result, and the tombstone leaves no record.
    const [final, ...more] = finals("bank-a/test/7");
    expect(more).toEqual([]);
    expect(outbox.entries.get("bank-a/test/7")).toMatchObject({ record: null, salt: null, status: final });
    if (final === "failed") expect(outbox.entries.get("bank-a/test/7")?.reason).toBe(ERASED_REASON);
    else expect(final).toBe("confirmed");
    expect(await b.ledger.getRecord(key, b.wallet.address)).toBeNull();
  });

  it("is idempotent, and a later update of the subject, of any asOf, is written as usual", async () => {
    await send(1, 5);
    await drain(b);
    const first = await eraseSubject(deps, { ...subject });
    const again = await eraseSubject(deps, { ...subject });
    expect(first.ok && again.ok && again.report.tombstone?.updateId).toBe(first.ok && first.report.tombstone?.updateId);
    await drain(b);
    const third = await eraseSubject(deps, { ...subject });
    expect(third).toMatchObject({ ok: true, report: { removed: { outboxRecords: 0, salts: 0 }, tombstone: null } });
    await send(4, 1);
    await drain(b);
    expect(finals("bank-a/test/4")).toEqual(["confirmed"]);
    expect(await b.ledger.getRecord(key, b.wallet.address)).not.toBeNull();
  });

  it("marks the subject's deliveries erased and deletes their attempts, leaving other subjects' alone", async () => {
    const mine = (n: number, status: Delivery["status"]): Delivery => {
      const base = sampleDelivery(n, { status });
      return { ...base, event: { ...base.event, subjectKey: key } };
    };
    await deps.deliveries.putMany([mine(1, "pending"), mine(2, "delivered"), sampleDelivery(3)]);
    const attempt = (webhookId: string) => ({ subscriptionId: "sub_1", webhookId, attempt: 1, at: at(0) });
    await deps.deliveries.putMany(
      [],
      [1, 2, 3].map((n) => ({ ...attempt(`msg_${n}`), outcome: "x", durationInMs: 1 })),
    );
    const erased = await eraseSubject(deps, { ...subject });
    expect(erased).toMatchObject({
      ok: true,
      report: { removed: { deliveries: 2, attempts: 2 }, stoppedDeliveries: 1 },
    });
    const statuses = (await deps.deliveries.list("sub_1")).map((d) => [d.webhookId, d.status]).sort();
    expect(statuses).toEqual([
      ["msg_1", "erased"],
      ["msg_2", "erased"],
      ["msg_3", "pending"],
    ]);
    expect(await deps.deliveries.attempts("sub_1", "msg_3")).toHaveLength(1);
    expect(await eraseSubject(deps, { ...subject })).toMatchObject({
      report: { removed: { deliveries: 0, attempts: 0 } },
    });
  });

  it("answers 400-style errors naming each field, never echoing the id", async () => {
    const result = await eraseSubject(deps, { scheme: "shoe-size", country: 12, id: "" });
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^scheme must be one of/),
        "country must be an ISO 3166-1 alpha-2 code",
        "id is required",
      ],
    });
  });
});
