import { Contract, hexlify, id, randomBytes, type ContractTransactionResponse, type Wallet } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { eraseGasLimit } from "../../lib/adapters/evm/batchPlanner.js";
import type { RecordInput } from "../../lib/domain/ledgerTypes.js";
import { deployRegistry, freshWallet, FREE_GAS, testProvider } from "../support/chain.js";

const provider = testProvider();

type Tx = Promise<ContractTransactionResponse>;
type StoredRecord = { score: bigint; asOf: bigint; recordHash: string };

/** The registry's methods this test calls. */
interface Registry {
  interface: Contract["interface"];
  upsertBatch(records: RecordInput[], overrides?: object): Tx;
  eraseBatch(erasures: { subjectKey: string; updateId: string }[], overrides?: object): Tx;
  getRecord(subjectKey: string, issuer: string): Promise<StoredRecord>;
  getRecords(subjectKey: string): Promise<[string[], StoredRecord[]]>;
}

function registryAs(address: string, wallet: Wallet): Registry {
  return new Contract(address, creditRegistryAbi, wallet) as unknown as Registry;
}

function input(subjectKey: string, asOf: bigint, score = 700): RecordInput {
  const scoreModel = "0x" + Buffer.from("FICO8").toString("hex").padEnd(32, "0");
  return {
    subjectKey,
    score,
    scoreModel,
    asOf,
    recordHash: hexlify(randomBytes(32)),
    updateId: id(hexlify(randomBytes(8))),
  };
}

async function mined(tx: Tx) {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt;
}

describe("CreditRegistry.eraseBatch", () => {
  const [a, b, outsider] = [0, 1, 2].map(() => freshWallet(provider)) as [Wallet, Wallet, Wallet];
  let address: string;

  beforeAll(async () => {
    address = await deployRegistry(a, [a.address, b.address]);
  });

  it("removes only the caller's record from current state, with one RecordErased per subject", async () => {
    const subject = hexlify(randomBytes(32));
    await mined(registryAs(address, a).upsertBatch([input(subject, 1000n, 610)], FREE_GAS));
    await mined(registryAs(address, b).upsertBatch([input(subject, 2000n, 720)], FREE_GAS));
    const erasure = { subjectKey: subject, updateId: id("erasure-1") };
    const receipt = await mined(registryAs(address, a).eraseBatch([erasure], FREE_GAS));
    const events = receipt.logs.map((log) => registryAs(address, a).interface.parseLog(log));
    expect(events.map((e) => e?.name)).toEqual(["RecordErased"]);
    expect(events[0]?.args.toObject()).toMatchObject({ ...erasure, issuer: a.address, asOf: 1000n });
    const mine = await registryAs(address, outsider).getRecord(subject, a.address);
    expect([mine.asOf, mine.score, mine.recordHash]).toEqual([0n, 0n, `0x${"0".repeat(64)}`]);
    const [issuers, records] = await registryAs(address, outsider).getRecords(subject);
    expect([...issuers]).toEqual([b.address]);
    expect(records.map((r) => r.score)).toEqual([720n]);
  });

  it("erases again without reverting, and a later record of any asOf is written as for a new subject", async () => {
    const subject = hexlify(randomBytes(32));
    await mined(registryAs(address, a).upsertBatch([input(subject, 5000n)], FREE_GAS));
    await mined(registryAs(address, a).eraseBatch([{ subjectKey: subject, updateId: id("e-1") }], FREE_GAS));
    const again = await mined(
      registryAs(address, a).eraseBatch([{ subjectKey: subject, updateId: id("e-2") }], FREE_GAS),
    );
    expect(again.status).toBe(1);
    expect(registryAs(address, a).interface.parseLog(again.logs[0]!)?.args["asOf"]).toBe(0n);
    const later = await mined(registryAs(address, a).upsertBatch([input(subject, 10n, 650)], FREE_GAS));
    expect(registryAs(address, a).interface.parseLog(later.logs[0]!)?.name).toBe("RecordUpserted");
    expect((await registryAs(address, a).getRecord(subject, a.address)).score).toBe(650n);
  });

  it("fits the gas the submitter plans for a batch of tombstones", async () => {
    const subjects = [0, 1, 2].map(() => hexlify(randomBytes(32)));
    await mined(
      registryAs(address, a).upsertBatch(
        subjects.map((s) => input(s, 1n)),
        FREE_GAS,
      ),
    );
    const erasures = subjects.map((subjectKey, i) => ({ subjectKey, updateId: id(`e-${i}`) }));
    const receipt = await mined(registryAs(address, a).eraseBatch(erasures, FREE_GAS));
    expect(receipt.gasUsed).toBeLessThanOrEqual(eraseGasLimit(erasures.length));
  });

  it("reverts with NotMember for a non-member", async () => {
    const registry = registryAs(address, outsider);
    const data = registry.interface.encodeFunctionData("eraseBatch", [
      [{ subjectKey: hexlify(randomBytes(32)), updateId: id("x") }],
    ]);
    const reverted = await provider.call({ from: outsider.address, to: address, data }).catch((e: unknown) => e);
    expect(registry.interface.parseError((reverted as { data: string }).data)?.name).toBe("NotMember");
  });
});
