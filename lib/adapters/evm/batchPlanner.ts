// Decides how many pending records the next batch transaction carries and the gas limit it is sent with. Bounded
// by the gas budget (block gas limit and any per-transaction cap), a maximum count and the calldata size; the
// time bound (close at the next block) belongs to the submitter.

/** Gas and size limits of one batch transaction. */
export interface BatchLimits {
  /** Most gas one batch may use: min(block gas limit share, per-transaction cap). */
  gasBudget: bigint;
  maxRecords: number;
  /** Largest calldata accepted by the nodes' pools, in bytes. */
  maxCalldataBytes: number;
}

/** Measured gas costs (see `npm run bench:gas`); a new record is the worst case, so it is planned for. */
export const BATCH_GAS = {
  /** Fixed cost of an upsertBatch transaction (intrinsic 21k + call and loop set-up). */
  baseGas: 30_000n,
  /** Marginal gas per newly written record, calldata included, 3.5% over the measured 51.2k (all-non-zero calldata costs ~1k more). */
  perRecordGas: 53_000n,
  /** ABI-encoded bytes per record (six 32-byte words). */
  perRecordCalldataBytes: 192,
  /** Selector, offset and length words. */
  baseCalldataBytes: 68,
  /** Headroom over a node's gas estimate, in percent (the estimate is already an upper bound: see gasLimitFor). */
  estimateHeadroomPercent: 5n,
} as const;

/** Gas of an eraseBatch transaction (tombstones): two slots cleared and one event each (test/contracts/eraseBatch.test.ts holds it). */
export const ERASE_GAS = { baseGas: 30_000n, perErasureGas: 20_000n } as const;

/** The gas limit for a tombstone batch of `count` erasures (a deletion's cost does not depend on other writes). */
export function eraseGasLimit(count: number): bigint {
  return ERASE_GAS.baseGas + ERASE_GAS.perErasureGas * BigInt(count);
}

/** The planned batch: how many of the pending records to take and the gas limit to sign. */
export interface BatchPlan {
  count: number;
  gasLimit: bigint;
}

/** Plans the next batch from `pending` waiting records; `count` is 0 when nothing fits or nothing waits. */
export function planBatch(pending: number, limits: BatchLimits): BatchPlan {
  const byGas = Number((limits.gasBudget - BATCH_GAS.baseGas) / BATCH_GAS.perRecordGas);
  const bySize = Math.floor((limits.maxCalldataBytes - BATCH_GAS.baseCalldataBytes) / BATCH_GAS.perRecordCalldataBytes);
  const count = Math.max(0, Math.min(pending, limits.maxRecords, byGas, bySize));
  return { count, gasLimit: count === 0 ? 0n : batchGasLimit(count) };
}

/** The gas limit for a batch of `count` records, enough even when every record is new. */
export function batchGasLimit(count: number): bigint {
  return BATCH_GAS.baseGas + BATCH_GAS.perRecordGas * BigInt(count);
}

/**
 * The gas limit to sign: the node's estimate plus headroom, never above the planned worst case (every record new).
 * Signing for the gas a batch needs rather than for the worst case lets a block hold more batches: an update of an
 * existing record costs a third of a new one. The estimate is an upper bound of what the batch will use when mined,
 * as state only moves towards cheaper outcomes in between: our own earlier batches can only make a record newer
 * (update → stale skip), and another issuer's write of the same subject only turns a zero slot non-zero. The one
 * exception is our own tombstone (eraseBatch deletes a record: update → new), so the submitter passes no estimate
 * while one of its tombstones is in flight. Without an estimate (the batch would revert now, or no node answered, or
 * a tombstone is in flight), the planned limit.
 */
export function gasLimitFor(plan: BatchPlan, estimate: bigint | null): bigint {
  if (estimate === null) return plan.gasLimit;
  const withHeadroom = estimate + (estimate * BATCH_GAS.estimateHeadroomPercent) / 100n;
  return withHeadroom < plan.gasLimit ? withHeadroom : plan.gasLimit;
}
