import { describe, expect, it } from "vitest";
import {
  BATCH_GAS,
  batchGasLimit,
  gasLimitFor,
  planBatch,
  type BatchLimits,
} from "../../lib/adapters/evm/batchPlanner.js";

const roomy: BatchLimits = { gasBudget: 30_000_000n, maxRecords: 1_000, maxCalldataBytes: 1_000_000 };

describe("planBatch", () => {
  it.each<[string, number, Partial<BatchLimits>, number]>([
    ["nothing waiting", 0, {}, 0],
    ["fewer waiting than fit", 12, {}, 12],
    ["the count bound", 900, { maxRecords: 250 }, 250],
    ["the gas budget (30M block)", 5_000, {}, 565],
    ["the Osaka per-transaction cap", 5_000, { gasBudget: 16_777_216n }, 315],
    ["the calldata bound", 5_000, { maxCalldataBytes: 20_000 }, 103],
    ["a budget below the fixed cost", 5, { gasBudget: 10_000n }, 0],
  ])("closes on %s", (_label, pending, limits, expected) => {
    const plan = planBatch(pending, { ...roomy, ...limits });
    expect(plan.count).toBe(expected);
    expect(plan.gasLimit).toBe(expected === 0 ? 0n : batchGasLimit(expected));
  });

  it("never plans a gas limit above the budget", () => {
    for (const gasBudget of [100_000n, 1_000_000n, 16_777_216n, 30_000_000n]) {
      const plan = planBatch(10_000, { ...roomy, gasBudget });
      expect(plan.gasLimit <= gasBudget).toBe(true);
      expect(batchGasLimit(plan.count + 1) > gasBudget).toBe(true);
    }
  });

  it("plans at least the measured worst-case gas per new record", () => {
    expect(BATCH_GAS.perRecordGas).toBeGreaterThan(51_000n);
  });
});

describe("gasLimitFor", () => {
  const plan = planBatch(100, roomy);

  it.each<[string, bigint | null, bigint]>([
    ["the estimate plus 5 % when that is below the plan", 2_000_000n, 2_100_000n],
    ["the plan when the estimate with headroom would exceed it", plan.gasLimit, plan.gasLimit],
    ["the plan when there is no estimate (the batch would revert now)", null, plan.gasLimit],
  ])("signs %s", (_name, estimate, expected) => {
    expect(gasLimitFor(plan, estimate)).toBe(expected);
  });
});
