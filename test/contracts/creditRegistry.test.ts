import { Contract, hexlify, id, randomBytes, type ContractTransactionResponse, type Wallet } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordInput } from "../../lib/domain/ledgerTypes.js";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { deployRegistry, freshWallet, FREE_GAS, testProvider } from "../support/chain.js";

const provider = testProvider();

type Input = RecordInput;

function input(subjectKey: string, asOf: bigint, score = 700): Input {
  return {
    subjectKey,
    score,
    scoreModel: "0x" + Buffer.from("FICO8").toString("hex").padEnd(32, "0"),
    asOf,
    recordHash: hexlify(randomBytes(32)),
    updateId: id(`update-${hexlify(randomBytes(8))}`),
  };
}

async function mined(tx: Tx) {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt;
}

type Tx = Promise<ContractTransactionResponse>;
type StoredRecord = { score: bigint; asOf: bigint; recordHash: string };

/** The registry's methods, typed for the test (ethers' Contract indexes them loosely). */
interface Registry {
  interface: Contract["interface"];
  upsertBatch(records: Input[], overrides?: object): Tx;
  propose(action: number, account: string, overrides?: object): Tx;
  approve(proposalId: number, overrides?: object): Tx;
  getRecord(subjectKey: string, issuer: string): Promise<StoredRecord>;
  getRecords(subjectKey: string): Promise<[string[], StoredRecord[]]>;
  isMember(account: string): Promise<boolean>;
  members(): Promise<string[]>;
  proposal(proposalId: number): Promise<[bigint, string, boolean, bigint]>;
}

function registryAs(address: string, wallet: Wallet): Registry {
  return new Contract(address, creditRegistryAbi, wallet) as unknown as Registry;
}

describe("CreditRegistry", () => {
  const [a, b, c, outsider] = [0, 1, 2, 3].map(() => freshWallet(provider)) as [Wallet, Wallet, Wallet, Wallet];
  let address: string;

  beforeAll(async () => {
    address = await deployRegistry(a, [a.address, b.address, c.address]);
  });

  describe("upsertBatch", () => {
    it("reverts with NotMember for a non-member and writes nothing", async () => {
      const registry = registryAs(address, outsider);
      const subject = hexlify(randomBytes(32));
      // Sent past estimation, the transaction is mined with status 0 — never a silent success.
      await expect(
        mined(registry.upsertBatch([input(subject, 1n)], { ...FREE_GAS, gasLimit: 500_000n })),
      ).rejects.toThrow(/reverted/);
      const data = registry.interface.encodeFunctionData("upsertBatch", [[input(subject, 1n)]]);
      const reverted = await provider.call({ from: outsider.address, to: address, data }).catch((e: unknown) => e);
      const decoded = registry.interface.parseError((reverted as { data: string }).data);
      expect(decoded?.name).toBe("NotMember");
      expect(decoded?.args[0]).toBe(outsider.address);
      expect((await registry.getRecord(subject, outsider.address)).asOf).toBe(0n);
    });

    it("skips stale and same-asOf records with the right reason inside an otherwise successful batch", async () => {
      const registry = registryAs(address, a);
      const [s1, s2, s3] = [0, 1, 2].map(() => hexlify(randomBytes(32))) as [string, string, string];
      await mined(registry.upsertBatch([input(s1, 1000n), input(s2, 1000n)], FREE_GAS));
      const stale = input(s1, 999n);
      const same = input(s2, 1000n);
      const fresh = input(s3, 5n);
      const newer = input(s1, 2000n, 640);
      const receipt = await mined(registry.upsertBatch([stale, same, fresh, newer], FREE_GAS));
      expect(receipt.status).toBe(1);
      const events = receipt.logs.map((log) => registry.interface.parseLog(log)).filter((e) => e !== null);
      expect(events.map((e) => e.name)).toEqual(["RecordSkipped", "RecordSkipped", "RecordUpserted", "RecordUpserted"]);
      expect(events[0]?.args.toObject()).toMatchObject({
        subjectKey: s1,
        updateId: stale.updateId,
        asOf: 999n,
        reason: 1n,
      });
      expect(events[1]?.args.toObject()).toMatchObject({ subjectKey: s2, updateId: same.updateId, reason: 2n });
      expect(events[3]?.args.toObject()).toMatchObject({ subjectKey: s1, issuer: a.address, score: 640n, asOf: 2000n });
      const stored = await registry.getRecord(s1, a.address);
      expect(stored.score).toBe(640n);
      expect(stored.recordHash).toBe(newer.recordHash);
    });
  });

  describe("getRecords", () => {
    it("returns every issuer's record for a subject and nothing for an unknown one", async () => {
      const subject = hexlify(randomBytes(32));
      await mined(registryAs(address, a).upsertBatch([input(subject, 10n, 610)], FREE_GAS));
      await mined(registryAs(address, c).upsertBatch([input(subject, 20n, 720)], FREE_GAS));
      const [issuers, records] = await registryAs(address, outsider).getRecords(subject);
      expect([...issuers]).toEqual([a.address, c.address]);
      expect(records.map((r) => r.score)).toEqual([610n, 720n]);
      const [none] = await registryAs(address, outsider).getRecords(hexlify(randomBytes(32)));
      expect([...none]).toEqual([]);
    });
  });

  describe("membership governance", () => {
    it("adds a member only once a strict majority approves, emitting an event per step", async () => {
      const [m1, m2, m3, m4, newcomer] = [0, 1, 2, 3, 4].map(() => freshWallet(provider)) as Wallet[] as [
        Wallet,
        Wallet,
        Wallet,
        Wallet,
        Wallet,
      ];
      const gov = await deployRegistry(m1, [m1.address, m2.address, m3.address, m4.address]);
      const r1 = registryAs(gov, m1);
      const proposed = await mined(r1.propose(1, newcomer.address, FREE_GAS));
      const names = proposed.logs.map((l) => r1.interface.parseLog(l)?.name);
      expect(names).toEqual(["MembershipProposed", "MembershipApproved"]);
      await mined(registryAs(gov, m2).approve(0, FREE_GAS));
      expect(await r1.isMember(newcomer.address)).toBe(false); // 2 of 4 is not a strict majority
      await expect(registryAs(gov, m2).approve(0, FREE_GAS)).rejects.toThrow(/AlreadyApproved|reverted/);
      const executed = await mined(registryAs(gov, m3).approve(0, FREE_GAS));
      expect(executed.logs.map((l) => r1.interface.parseLog(l)?.name)).toEqual(["MembershipApproved", "MemberAdded"]);
      expect(await r1.isMember(newcomer.address)).toBe(true);
      expect([...(await r1.members())]).toContain(newcomer.address);
      await expect(registryAs(gov, m4).approve(0, FREE_GAS)).rejects.toThrow(/ProposalAlreadyExecuted|reverted/);
    });

    it("does not count the pending votes of a removed member", async () => {
      const [m1, m2, m3, m4, newcomer] = [0, 1, 2, 3, 4].map(() => freshWallet(provider)) as [
        Wallet,
        Wallet,
        Wallet,
        Wallet,
        Wallet,
      ];
      const gov = await deployRegistry(m1, [m1.address, m2.address, m3.address, m4.address]);
      const as = (w: Wallet) => registryAs(gov, w);
      await mined(as(m4).propose(1, newcomer.address, FREE_GAS)); // proposal 0, approved by m4
      await mined(as(m1).propose(2, m4.address, FREE_GAS)); // proposal 1: remove m4
      await mined(as(m2).approve(1, FREE_GAS));
      await mined(as(m3).approve(1, FREE_GAS));
      expect(await as(m1).isMember(m4.address)).toBe(false);
      const [, , , before] = await as(m1).proposal(0);
      expect(before).toBe(0n);
      await mined(as(m1).approve(0, FREE_GAS)); // 1 of 3 current members
      expect(await as(m1).isMember(newcomer.address)).toBe(false);
      await mined(as(m2).approve(0, FREE_GAS)); // 2 of 3: strict majority
      expect(await as(m1).isMember(newcomer.address)).toBe(true);
      await expect(as(m4).upsertBatch([], FREE_GAS)).rejects.toThrow(/NotMember|reverted/);
    });

    it("keeps a removed member's records readable", async () => {
      const [m1, m2] = [0, 1].map(() => freshWallet(provider)) as [Wallet, Wallet];
      const gov = await deployRegistry(m1, [m1.address, m2.address]);
      const subject = hexlify(randomBytes(32));
      await mined(registryAs(gov, m2).upsertBatch([input(subject, 7n, 555)], FREE_GAS));
      await mined(registryAs(gov, m1).propose(2, m2.address, FREE_GAS));
      await mined(registryAs(gov, m2).approve(0, FREE_GAS));
      expect(await registryAs(gov, m1).isMember(m2.address)).toBe(false);
      const [issuers] = await registryAs(gov, m1).getRecords(subject);
      expect([...issuers]).toEqual([m2.address]);
    });

    it("rejects proposals from non-members and for existing members", async () => {
      await expect(registryAs(address, outsider).propose(1, outsider.address, FREE_GAS)).rejects.toThrow(
        /NotMember|reverted/,
      );
      await expect(registryAs(address, a).propose(1, b.address, FREE_GAS)).rejects.toThrow(/AlreadyMember|reverted/);
    });
  });
});
