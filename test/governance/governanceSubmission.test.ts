// Governance actions through the submitter against a real registry on anvil: one action per transaction, in the
// bank's one nonce sequence with its record batches, confirmed by its own membership event, and failed with the
// registry's reason in plain words when the registry refuses it, before or after it takes a nonce.
import { getAddress, Transaction } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { recordlessEntry } from "../../lib/domain/recordlessEntry.js";
import { getGovernanceAction } from "../../lib/governance/getGovernanceAction.js";
import { requestGovernanceAction } from "../../lib/governance/requestGovernanceAction.js";
import { ingestUpdate } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch } from "../../lib/submission/submitNextBatch.js";
import { evmWriter } from "../support/evmWriter.js";
import { bank, closeBanks, drain, type Bank } from "../support/chainBank.js";
import { sampleUpdate } from "../support/outboxEntries.js";

afterAll(closeBanks);

const newcomer = getAddress("0x" + "ab".repeat(20));

async function request(b: Bank, body: unknown) {
  const queued = await requestGovernanceAction(b.deps, { type: "propose", body });
  if (!queued.ok) throw new Error(queued.errors.join("; "));
  return queued.actionId;
}

function view(b: Bank, actionId: string) {
  return getGovernanceAction({ ...b.deps, ownAddress: () => b.deps.signer.getAddress() }, actionId);
}

describe("governance actions through the submitter", () => {
  it("sends a proposal alone, ahead of the updates waiting with it, nonces consecutive, and confirms it by its event", async () => {
    const b = await bank({ maxRecords: 2 });
    for (const n of [1, 2, 3]) await ingestUpdate(b.deps, { body: sampleUpdate(n) });
    b.deps.clock.advance(1_000);
    const actionId = await request(b, { action: "add", account: newcomer.toLowerCase() });
    b.deps.clock.advance(1_000);
    for (const n of [4, 5]) await ingestUpdate(b.deps, { body: sampleUpdate(n) });
    await drain(b);
    const { nonce: next } = await b.deps.transactions.nextNonce(b.wallet.address);
    const txs = await Promise.all(Array.from({ length: next }, (_, n) => b.deps.transactions.get(b.wallet.address, n)));
    expect(txs.map((tx) => tx?.nonce)).toEqual([0, 1, 2, 3]);
    expect(await b.ledger.nonceOf(b.wallet.address, "latest")).toBe(next);
    expect(txs.map((tx) => tx?.kind ?? "records")).toEqual(["records", "governance", "records", "records"]);
    expect(txs[1]?.entries.map((e) => e.updateId)).toEqual([actionId]);
    expect(Transaction.from(txs[1]?.raw).data).toBe(b.ledger.encodePropose("add", newcomer));
    const finals = b.deps.results.published.filter((r) => r.status !== "accepted");
    expect(finals.map((r) => r.updateId).sort()).toEqual(
      [...[1, 2, 3, 4, 5].map((n) => `bank-a/test/${n}`), actionId].sort(),
    );
    expect(finals.every((r) => r.status === "confirmed")).toBe(true);
    expect(await b.ledger.isMember(newcomer)).toBe(true);
    expect(await view(b, actionId)).toMatchObject({
      status: "confirmed",
      txHash: txs[1]?.hash,
      result: { proposalId: 0, approvals: 1, required: 1, executed: true },
    });
  });

  it("ends an action the registry refuses on the dry-run as failed, in plain words, without taking a nonce", async () => {
    const b = await bank();
    const actionId = await request(b, { action: "add", account: b.wallet.address });
    const { nonce: before } = await b.deps.transactions.nextNonce(b.wallet.address);
    expect(await submitNextBatch(b.deps)).toEqual({ submitted: [], failed: [], refused: actionId });
    expect((await b.deps.transactions.nextNonce(b.wallet.address)).nonce).toBe(before);
    expect(await view(b, actionId)).toMatchObject({
      status: "failed",
      error: `the account is already a member: AlreadyMember(${b.wallet.address})`,
    });
    expect(b.deps.results.published.filter((r) => r.updateId === actionId && r.status === "failed")).toHaveLength(1);
    expect((await submitNextBatch(b.deps)).submitted).toEqual([]);
  });

  it("ends an entry that holds no action instead of stopping the submitter; the updates behind it go on", async () => {
    const b = await bank();
    const broken = recordlessEntry("governance-1-aa", "governance", b.deps.clock.now().toISOString());
    await b.deps.outbox.add(broken);
    b.deps.clock.advance(1_000);
    await ingestUpdate(b.deps, { body: sampleUpdate(7) });
    expect((await submitNextBatch(b.deps)).refused).toBe(broken.updateId);
    expect(b.deps.results.published.find((r) => r.updateId === broken.updateId)).toMatchObject({
      status: "failed",
      reason: "cannot be sent: governance entry governance-1-aa holds no action",
    });
    await drain(b);
    expect(
      b.deps.results.published.find((r) => r.updateId === "bank-a/test/7" && r.status !== "accepted")?.status,
    ).toBe("confirmed");
  });

  it("fails an action whose transaction reverts in its block with the decoded reason, and never sends it again", async () => {
    const b = await bank();
    // The state moves between the dry-run and the block: the first dry-run finds nothing against the action.
    let dryRuns = 0;
    const racing = Object.create(b.ledger) as typeof b.ledger;
    racing.simulateCall = (from, data, atLeastBlock) =>
      dryRuns++ === 0 ? Promise.resolve({ ok: true }) : b.ledger.simulateCall(from, data, atLeastBlock);
    const deps = { ...b.deps, ledger: racing, writer: evmWriter(racing, b.deps.signer) };
    const actionId = await request(b, { action: "remove", account: newcomer });
    await drain({ ...b, deps });
    const found = await view(b, actionId);
    expect(found).toMatchObject({ status: "failed", error: `the account is not a member: NotAMember(${newcomer})` });
    expect((await b.deps.transactions.get(b.wallet.address, 0))?.status).toBe("failed");
    expect(
      (await b.ledger.transactionSnapshot({ hash: found?.txHash ?? "", from: b.wallet.address, nonce: 0 }, 1)).receipt
        ?.status,
    ).toBe("reverted");
    expect((await b.deps.transactions.nextNonce(b.wallet.address)).nonce).toBe(1);
    expect(b.deps.results.published.filter((r) => r.updateId === actionId)).toHaveLength(1);
  });
});
