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
} as const;

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
