import { Contract, hexlify, randomBytes } from "ethers";
import { describe, expect, it } from "vitest";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { planBatch } from "../../lib/adapters/evm/batchPlanner.js";
import { updateIdHash } from "../../lib/domain/recordInput.js";
import { deployRegistry, freshWallet, FREE_GAS, testProvider } from "../support/chain.js";

describe("planBatch against the real contract", () => {
  it("plans a gas limit that a full batch of new, worst-case calldata records fits in", async () => {
    const provider = testProvider();
    const bank = freshWallet(provider);
    const registry = new Contract(await deployRegistry(bank, [bank.address]), creditRegistryAbi, bank);
    const plan = planBatch(10_000, { gasBudget: 16_777_216n, maxRecords: 1_000, maxCalldataBytes: 1_000_000 });
    const records = Array.from({ length: plan.count }, (_, i) => ({
      subjectKey: hexlify(randomBytes(32)),
      score: 65_535,
      scoreModel: "0x" + "ff".repeat(16),
      asOf: 2n ** 64n - 1n,
      recordHash: hexlify(randomBytes(32)),
      updateId: updateIdHash(`gas-${i}`),
    }));
    const tx = await registry.getFunction("upsertBatch")(records, { ...FREE_GAS, gasLimit: plan.gasLimit });
    const receipt = await tx.wait();
    expect(receipt?.status).toBe(1);
    expect(receipt?.gasUsed).toBeLessThanOrEqual(plan.gasLimit);
  });
});
