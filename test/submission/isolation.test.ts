// One record never stops a bank: the submitter fails a record no transaction can carry and keeps going; ingest
// answers a message storage refuses on its own. Use cases on the real chain (anvil), in-memory stores.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../lib/domain/appError.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import type { TransactionSigner, UnsignedTransaction } from "../../lib/adapters/evm/transactionSigner.js";
import { ingestUpdates } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { evmWriter } from "../support/evmWriter.js";
import { bank, closeBanks, drain, finalStatuses, type Bank } from "../support/chainBank.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

afterAll(closeBanks);

/** A signer that throws `error` for any transaction whose calldata carries one of `poison`'s records. */
function poisonedSigner(inner: TransactionSigner, poison: () => string[], error: () => Error): TransactionSigner {
  return {
    getAddress: () => inner.getAddress(),
    signTransaction: async (tx: UnsignedTransaction) => {
      if (poison().some((hash) => tx.data.includes(hash.slice(2)))) throw error();
      return inner.signTransaction(tx);
    },
  };
}

describe("the submitter with a record no transaction can carry", () => {
  let b: Bank;
  beforeEach(async () => {
    b = await bank();
  });

  it("fails a stored record the ABI cannot encode (a negative asOf from before validation) and confirms the rest", async () => {
    await ingestUpdates(
      b.deps,
      Array.from({ length: 10 }, (_, n) => ({ body: sampleUpdate(n) })),
    );
    const legacy = sampleEntry(sampleUpdate(99, { updateId: "legacy-1931" }));
    const poisoned: OutboxEntry = { ...legacy, input: { ...legacy.input, asOf: -1378166400000n } };
    await b.deps.outbox.add(poisoned);
    const step = await submitNextBatch(b.deps);
    expect(step.failed).toEqual(["legacy-1931"]);
    expect(step.submitted).toHaveLength(1);
    await drain(b);
    const statuses = finalStatuses(b);
    expect(statuses.get("legacy-1931")).toBe("failed");
    expect(b.deps.results.published.find((r) => r.updateId === "legacy-1931")?.reason).toMatch(/cannot be encoded/);
    expect([...statuses.values()].filter((s) => s === "confirmed")).toHaveLength(10);
    expect(await b.deps.outbox.pending(100)).toEqual([]);
  });

  it("splits a batch that fails twice for an unknown reason, fails the record that fails alone, sends the others", async () => {
    const updates = Array.from({ length: 20 }, (_, n) => sampleUpdate(n));
    await ingestUpdates(
      b.deps,
      updates.map((body) => ({ body })),
    );
    const culprit = b.deps.outbox.entries.get(updates[13]!.updateId)!.input.recordHash;
    let signs = 0;
    const signer = poisonedSigner(
      b.deps.signer,
      () => [culprit],
      () => new TypeError(`cannot sign (attempt ${++signs})`),
    );
    const step = await submitNextBatch({ ...b.deps, writer: evmWriter(b.ledger, signer) });
    expect(step.failed).toEqual([updates[13]!.updateId]);
    expect(step.submitted.flatMap((s) => s.updateIds)).toHaveLength(19);
    await drain(b);
    const statuses = finalStatuses(b);
    expect(statuses.get(updates[13]!.updateId)).toBe("failed");
    expect([...statuses.values()].filter((s) => s === "confirmed")).toHaveLength(19);
    const events = await b.ledger.recordEvents(0, await b.ledger.blockNumber());
    expect(events.filter((e) => e.issuer === b.wallet.address)).toHaveLength(19);
  });

  it("fails nothing when every batch fails (a shared dependency, not a record): the step fails, to be retried", async () => {
    await ingestUpdates(
      b.deps,
      [0, 1, 2, 3].map((n) => ({ body: sampleUpdate(n) })),
    );
    const broken = poisonedSigner(
      b.deps.signer,
      () => [...b.deps.outbox.entries.values()].map((e) => e.input.recordHash),
      () => new AppError("SIGNING_FAILED", "key disabled"),
    );
    await expect(submitNextBatch({ ...b.deps, writer: evmWriter(b.ledger, broken) })).rejects.toThrow("key disabled");
    expect(b.deps.results.published.filter((r) => r.status === "failed")).toEqual([]);
    expect(await b.deps.outbox.pending(10)).toHaveLength(4);
    await drain(b);
    expect([...finalStatuses(b).values()].filter((s) => s === "confirmed")).toHaveLength(4);
  });
});

describe("ingest with a message storage refuses", () => {
  let b: Bank;
  beforeEach(async () => {
    b = await bank();
  });

  it("rejects that message alone, naming why, and stores and answers its neighbours", async () => {
    const outbox = b.deps.outbox;
    const refusing = Object.assign(Object.create(outbox) as typeof outbox, {
      addMany: async (entries: readonly OutboxEntry[]) => {
        if (entries.some((e) => e.updateId === "too-big")) throw new AppError("TOO_LARGE", "entity over 1 MiB");
        return outbox.addMany(entries);
      },
      add: async (entry: OutboxEntry) => {
        if (entry.updateId === "too-big") throw new AppError("TOO_LARGE", "entity over 1 MiB");
        return outbox.add(entry);
      },
    });
    const inputs = [sampleUpdate(1), sampleUpdate(2, { updateId: "too-big" }), sampleUpdate(3)].map((body) => ({
      body,
      messageId: body.updateId,
    }));
    const outcomes = await ingestUpdates({ ...b.deps, outbox: refusing }, inputs);
    expect(outcomes.map((o) => o.outcome)).toEqual(["accepted", "rejected", "accepted"]);
    expect(b.deps.results.published.map((r) => `${r.updateId} ${r.status}`)).toEqual([
      "bank-a/test/1 accepted",
      "too-big rejected",
      "bank-a/test/3 accepted",
    ]);
    expect(b.deps.results.published[1]).toMatchObject({ scope: "message", reason: /could not be stored/ });
  });

  it("fails the batch when storage is unreachable, so that Service Bus redelivers it", async () => {
    const outbox = b.deps.outbox;
    const down = Object.assign(Object.create(outbox) as typeof outbox, {
      addMany: async () => {
        throw new AppError("STORAGE_UNAVAILABLE", "connection refused");
      },
    });
    await expect(ingestUpdates({ ...b.deps, outbox: down }, [{ body: sampleUpdate(1) }])).rejects.toThrow("refused");
    expect(b.deps.results.published).toEqual([]);
  });
});
