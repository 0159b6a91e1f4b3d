// What a batch's transaction calls and the gas limit it is signed with: `upsertBatch` for updates (the node's gas
// estimate, capped at the planned worst case), `eraseBatch` for tombstones, `propose`/`approve` for one governance
// action, and a zero-value self-transfer that only uses up a nonce.
import { eraseGasLimit, gasLimitFor, planBatch, type BatchLimits } from "./batchPlanner.js";
import type { BatchContent, PrepareRequest } from "../../ports/ledgerWriter.js";
import type { CreditRegistryLedger } from "./creditRegistryLedger.js";

/** Gas limit of a governance transaction; free-gas Besu charges nothing, so the bound only has to be safe. */
export const GOVERNANCE_GAS_LIMIT = 600_000n;

/** Gas of a plain zero-value transfer, the cheapest transaction that consumes a nonce. */
export const TRANSFER_GAS = 21_000n;

/** The registry calls a batch transaction is built from. */
export type RegistryCalls = Pick<
  CreditRegistryLedger,
  "encodeUpsertBatch" | "encodeEraseBatch" | "encodePropose" | "encodeApprove" | "estimateUpsertBatchGas"
>;

/** Calldata and gas limit of one transaction. */
export interface BatchCall {
  data: string;
  gasLimit: bigint;
}

/** The registry calldata carrying `content`. */
export function calldataOf(registry: RegistryCalls, content: BatchContent): string {
  switch (content.kind) {
    case "updates":
      return registry.encodeUpsertBatch(content.records);
    case "erasures":
      return registry.encodeEraseBatch(content.erasures);
    case "governance": {
      const { action } = content;
      return action.type === "propose"
        ? registry.encodePropose(action.change, action.account)
        : registry.encodeApprove(action.proposalId);
    }
  }
}

/**
 * The call for a batch. An update batch is signed for the node's gas estimate (capped at the planned worst case),
 * except while a tombstone is in flight: a record it deletes costs an update the price of a new one.
 */
export async function batchCall(
  registry: RegistryCalls,
  request: PrepareRequest,
  limits: BatchLimits,
): Promise<BatchCall> {
  const { content } = request;
  if (content.kind === "governance") return { data: calldataOf(registry, content), gasLimit: GOVERNANCE_GAS_LIMIT };
  if (content.kind === "erasures") {
    return { data: calldataOf(registry, content), gasLimit: eraseGasLimit(content.erasures.length) };
  }
  const plan = planBatch(content.records.length, limits);
  const estimate =
    request.tombstoneInFlight === true ? null : await registry.estimateUpsertBatchGas(request.account, content.records);
  return { data: calldataOf(registry, content), gasLimit: gasLimitFor(plan, estimate) };
}
