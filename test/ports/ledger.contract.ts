// The Ledger's behaviour, written once and run against each way the bank reaches the chain: one well-behaved node,
// and the validators as a load balancer shows them (a lagging, a flapping and a hanging endpoint beside a steady one).
// Whatever the endpoints do, the port's answers must never contradict the chain.
import { getAddress, Transaction, type JsonRpcProvider, type Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import type { LedgerReceipt, RecordInput } from "../../lib/domain/ledgerTypes.js";
import type { WriterRegistry } from "../../lib/adapters/evm/evmLedgerWriter.js";
import type { Ledger } from "../../lib/ports/ledger.js";
import { deployRegistry, FREE_GAS, freshWallet } from "../support/chain.js";
import { sampleEntry, sampleUpdate } from "../support/outboxEntries.js";

/** A ledger on a registry whose only member is `member`, and a way to mine blocks. */
export interface LedgerUnderTest {
  /** The read port, with the registry calls the EVM ledger writer is built on (evmLedgerWriter.ts). */
  ledger: Ledger & WriterRegistry;
  member: Wallet;
  mine(blocks: number): Promise<void>;
}

/** Deploys a registry and returns its member; `connect` builds the ledger on it. */
export async function registryFor(provider: JsonRpcProvider): Promise<{ contractAddress: string; member: Wallet }> {
  const member = freshWallet(provider);
  return { contractAddress: await deployRegistry(freshWallet(provider), [member.address]), member };
}

const recordsFrom = (first: number, count: number): RecordInput[] =>
  Array.from({ length: count }, (_, n) => sampleEntry(sampleUpdate(first + n)).input);

async function signBatch(
  t: LedgerUnderTest,
  records: readonly RecordInput[],
): Promise<{ raw: string; hash: string; nonce: number }> {
  return signCall(t, t.ledger.encodeUpsertBatch(records));
}

async function signCall(t: LedgerUnderTest, data: string): Promise<{ raw: string; hash: string; nonce: number }> {
  const nonce = await t.ledger.nonceOf(t.member.address, "pending");
  const tx = Transaction.from({
    to: t.ledger.contractAddress,
    data,
    nonce,
    gasLimit: 2_000_000n,
    chainId: t.ledger.chainId,
    type: 2,
    ...FREE_GAS,
  });
  tx.signature = t.member.signingKey.sign(tx.unsignedHash);
  return { raw: tx.serialized, hash: tx.hash as string, nonce };
}

/** Broadcasts signed bytes and waits for their receipt. */
async function mined(t: LedgerUnderTest, signed: { raw: string; hash: string; nonce: number }): Promise<LedgerReceipt> {
  await t.ledger.broadcast(signed);
  for (let i = 0; i < 40; i++) {
    const { receipt } = await t.ledger.transactionSnapshot(
      { hash: signed.hash, from: t.member.address, nonce: signed.nonce },
      1,
    );
    if (receipt) return receipt;
    if (i % 5 === 4) await t.mine(1);
  }
  throw new Error(`${signed.hash} was not mined`);
}

/** Runs the Ledger contract against `make` (a fresh registry per test). */
export function describeLedger(name: string, make: () => Promise<LedgerUnderTest>): void {
  describe(`Ledger contract: ${name}`, () => {
    it("writes a broadcast batch once; the same bytes again are a success; the snapshot, records and events agree", async () => {
      const t = await make();
      const records = recordsFrom(100, 3);
      const signed = await signBatch(t, records);
      await t.ledger.broadcast(signed);
      await t.ledger.broadcast(signed);
      await t.mine(3);
      let snapshot = await t.ledger.transactionSnapshot(
        { hash: signed.hash, from: t.member.address, nonce: signed.nonce },
        1,
      );
      for (let i = 0; i < 20 && !snapshot.receipt; i++) {
        snapshot = await t.ledger.transactionSnapshot(
          { hash: signed.hash, from: t.member.address, nonce: signed.nonce },
          1,
        );
      }
      const receipt = snapshot.receipt;
      expect(receipt).toMatchObject({ status: "success", txHash: signed.hash });
      expect(receipt?.events.filter((e) => e.kind === "upserted")).toHaveLength(3);
      expect(snapshot.headBlock).toBeGreaterThanOrEqual(receipt!.blockNumber);
      expect(snapshot.slotsUsed).toBeGreaterThan(signed.nonce);
      expect(await t.ledger.getRecord(records[0]!.subjectKey, t.member.address)).toMatchObject({
        asOf: records[0]!.asOf,
      });
      const range = await t.ledger.eventRange(receipt!.blockNumber, receipt!.blockNumber);
      expect(range.events.filter((e) => e.txHash === signed.hash)).toHaveLength(3);
      expect(range.toBlockHash).toBe(await t.ledger.blockHash(receipt!.blockNumber));
    });

    it("never reports a mined transaction as having lost its nonce: a snapshot with the nonce used has the receipt", async () => {
      const t = await make();
      const signed = await signBatch(t, recordsFrom(200, 2));
      await t.ledger.broadcast(signed);
      for (let i = 0; i < 30; i++) {
        if (i % 5 === 0) await t.mine(1);
        const snapshot = await t.ledger.transactionSnapshot(
          { hash: signed.hash, from: t.member.address, nonce: signed.nonce },
          1,
        );
        if (snapshot.slotsUsed > signed.nonce) expect(snapshot.receipt?.txHash).toBe(signed.hash);
        if (snapshot.receipt) expect(snapshot.headBlock).toBeGreaterThanOrEqual(snapshot.receipt.blockNumber);
      }
    });

    it("reads a record written at block B only from a node at or past B when asked to", async () => {
      const t = await make();
      await t.mine(3); // every endpoint, the lagging one too, now has the registry's code
      const records = recordsFrom(250, 1);
      const signed = await signBatch(t, records);
      await t.ledger.broadcast(signed);
      const tx = { hash: signed.hash, from: t.member.address, nonce: signed.nonce };
      let receipt = (await t.ledger.transactionSnapshot(tx, 1)).receipt;
      for (let i = 0; i < 20 && !receipt; i++) receipt = (await t.ledger.transactionSnapshot(tx, 1)).receipt;
      for (let i = 0; i < 12; i++) {
        const record = await t.ledger.getRecord(records[0]!.subjectKey, t.member.address, receipt!.blockNumber);
        expect(record?.recordHash).toBe(records[0]!.recordHash);
      }
    });

    it("dry-runs and estimates as the contract would: a member's batch fits, a stranger's reverts with NotMember", async () => {
      const t = await make();
      const records = recordsFrom(300, 2);
      const stranger = "0x" + "12".repeat(20);
      const data = t.ledger.encodeUpsertBatch(records);
      expect(await t.ledger.simulateCall(t.member.address, data)).toEqual({ ok: true });
      const refused = await t.ledger.simulateCall(stranger, data);
      expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/NotMember/) });
      expect(await t.ledger.estimateUpsertBatchGas(t.member.address, records)).toBeGreaterThan(21_000n);
      expect(await t.ledger.estimateUpsertBatchGas(stranger, records)).toBeNull();
    });

    it("sends propose and approve, decodes their membership events and reads members and proposals as of one block", async () => {
      const t = await make();
      await t.mine(3); // every endpoint, the lagging one too, now has the registry's code
      const newcomer = getAddress("0x" + "34".repeat(20));
      const stranger = "0x" + "12".repeat(20);
      expect(await t.ledger.simulateCall(stranger, t.ledger.encodePropose("add", newcomer))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^NotMember\(/),
      });
      const before = await t.ledger.governanceState(10);
      expect(before).toMatchObject({ members: [t.member.address], required: 1, proposalCount: 0, proposals: [] });
      // A sole member's proposal executes at once: the newcomer joins; then removing it needs both.
      const added = await mined(t, await signCall(t, t.ledger.encodePropose("add", newcomer)));
      expect(added.governance?.map((e) => e.kind)).toEqual(["proposed", "approved", "member-added"]);
      expect(added.governance?.[0]).toMatchObject({
        proposalId: 0,
        change: "add",
        account: newcomer,
        proposer: t.member.address,
      });
      const removal = await mined(t, await signCall(t, t.ledger.encodePropose("remove", newcomer)));
      expect(removal.governance?.[1]).toMatchObject({ kind: "approved", proposalId: 1, approvals: 1, required: 2 });
      for (let i = 0; i < 12; i++) {
        const state = await t.ledger.governanceState(10);
        // Whichever node answers, its answer is the chain as of the block it names.
        if (state.blockNumber < removal.blockNumber) continue;
        expect(state).toMatchObject({ members: [t.member.address, newcomer], required: 2, proposalCount: 2 });
        expect(state.proposals).toEqual([
          { id: 1, change: "remove", account: newcomer, proposer: t.member.address, approvals: 1, executed: false },
          { id: 0, change: "add", account: newcomer, proposer: t.member.address, approvals: 1, executed: true },
        ]);
        const newest = await t.ledger.governanceState(1);
        const asOfItsBlock =
          newest.blockNumber >= removal.blockNumber ? [1] : newest.blockNumber >= added.blockNumber ? [0] : [];
        expect(newest.proposals.map((p) => p.id)).toEqual(asOfItsBlock);
      }
      const approveAgain = t.ledger.encodeApprove(1);
      expect(await t.ledger.simulateCall(t.member.address, approveAgain, removal.blockNumber)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^AlreadyApproved\(1, /),
      });
      expect(await t.ledger.simulateCall(newcomer, approveAgain, removal.blockNumber)).toEqual({ ok: true });
      expect(await t.ledger.simulateCall(newcomer, t.ledger.encodeApprove(7), removal.blockNumber)).toMatchObject({
        ok: false,
        reason: "UnknownProposal(7)",
      });
    });

    it("knows its members and has no block above the head", async () => {
      const t = await make();
      expect(await t.ledger.isMember(t.member.address)).toBe(true);
      expect((await t.ledger.members()).map((m) => m.toLowerCase())).toContain(t.member.address.toLowerCase());
      expect(await t.ledger.blockHash((await t.ledger.blockNumber()) + 1000)).toBeNull();
      expect(await t.ledger.getRecord("0x" + "00".repeat(32), t.member.address)).toBeNull();
    });
  });
}
