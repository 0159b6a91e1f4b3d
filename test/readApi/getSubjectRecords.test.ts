import { afterAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { WEBHOOK_EVENTS } from "../../lib/domain/webhookEvents.js";
import { getSubjectRecords } from "../../lib/readApi/getSubjectRecords.js";
import { getUpdateTimeline } from "../../lib/readApi/getUpdateTimeline.js";
import { testStack } from "../stack.js";
import { deployRegistry, FREE_GAS, freshWallet, testProvider } from "../support/chain.js";
import { MemoryOutboxReader, MemoryRecordIndex } from "../support/memoryDistribution.js";
import { MemoryOutbox } from "../support/memoryPorts.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

const provider = testProvider();
const secret = new Uint8Array(32).fill(3);
const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
afterAll(() => pool.destroy());

describe("getSubjectRecords (on anvil)", () => {
  it("returns every bank's record for the subject and whether our own commitment verifies", async () => {
    const ours = freshWallet(provider);
    const other = freshWallet(provider);
    const contractAddress = await deployRegistry(freshWallet(provider), [ours.address, other.address]);
    const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
    const update = sampleUpdate(5);
    const mine = sampleEntry(update);
    const theirs = sampleEntry({ ...update, updateId: "bank-b/5", score: 321 });
    const outbox = new MemoryOutbox();
    await outbox.add(mine);
    const index = new MemoryRecordIndex();
    for (const [wallet, entry] of [
      [ours, mine],
      [other, theirs],
    ] as const) {
      const tx = await wallet.sendTransaction({
        to: contractAddress,
        data: ledger.encodeUpsertBatch([entry.input]),
        ...FREE_GAS,
      });
      const receipt = await ledger.receipt((await tx.wait())?.hash ?? "");
      for (const e of receipt?.events ?? []) {
        const event = WEBHOOK_EVENTS["credit-record.confirmed"].fromChain(e);
        if (event) await index.put(event);
      }
    }
    const deps = {
      ledger,
      index,
      outbox: new MemoryOutboxReader(outbox.entries),
      ownAddress: ours.address,
      subjectKeySecret: secret,
    };
    const result = await getSubjectRecords(deps, { scheme: "national-id", country: "se", id: update.subject.id });
    if (!result.ok) throw new Error(result.errors.join());
    expect(result.subjectKey).toBe(mine.input.subjectKey);
    const byIssuer = new Map(result.records.map((r) => [r.issuer.toLowerCase(), r]));
    expect(byIssuer.get(ours.address.toLowerCase())).toMatchObject({
      own: true,
      score: mine.record.score,
      scoreModel: "FICO8",
      commitmentVerified: true,
    });
    expect(byIssuer.get(other.address.toLowerCase())).toMatchObject({ own: false, score: 321 });
    expect(byIssuer.get(other.address.toLowerCase())).not.toHaveProperty("commitmentVerified");

    outbox.entries.set(mine.updateId, { ...mine, salt: "0x" + "01".repeat(32) });
    const tampered = await getSubjectRecords(deps, { scheme: "national-id", country: "SE", id: update.subject.id });
    expect(tampered.ok && tampered.records.find((r) => r.own)?.commitmentVerified).toBe(false);
  });

  it.each([
    [{ scheme: "ssn", country: "SE", id: "1" }, /scheme/],
    [{ scheme: "national-id", country: "Sweden", id: "198001010001" }, /country/],
    [{ scheme: "national-id", country: "SE" }, /id is required/],
    [{ scheme: "lei", country: "SE", id: "123" }, /id must be/],
  ])("rejects %j", async (query, error) => {
    const deps = {
      ledger: { getRecords: async () => [] },
      index: new MemoryRecordIndex(),
      outbox: new MemoryOutboxReader(new Map()),
      ownAddress: "0x",
      subjectKeySecret: secret,
    };
    const result = await getSubjectRecords(deps, query);
    expect(!result.ok && result.errors.join()).toMatch(error);
  });
});

describe("getUpdateTimeline", () => {
  it("returns the status timeline of a known update and null for an unknown one", async () => {
    const outbox = new MemoryOutbox();
    const entry = sampleEntry(sampleUpdate(1));
    await outbox.add(entry);
    await outbox.markSubmitted([entry], { txHash: "0xab", nonce: 3, at: "2026-11-22T10:00:02.000Z" });
    const found = await getUpdateTimeline({ outbox }, { updateId: entry.updateId });
    expect(found).toMatchObject({
      status: "submitted",
      timeline: [{ status: "received" }, { status: "accepted" }, { status: "submitted", nonce: 3 }],
    });
    expect(await getUpdateTimeline({ outbox }, { updateId: "nope" })).toBeNull();
  });
});
