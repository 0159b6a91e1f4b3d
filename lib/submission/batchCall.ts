// What a batch transaction calls: `upsertBatch` for updates, `eraseBatch` for tombstones (outbox entries of kind
// `erasure`, which the submitter never mixes with updates in one batch), `propose`/`approve` for one governance
// action (kind `governance`, always alone), and the gas limit it is signed with.
import { eraseGasLimit, gasLimitFor, planBatch } from "../domain/batchPlanner.js";
import type { OutboxEntry } from "../ports/outbox.js";
import type { StoredTransaction } from "../ports/submission.js";
import { governanceCall } from "../governance/governanceCall.js";
import type { SubmitDeps } from "./submitDeps.js";

/** Calldata, gas limit and kind of the transaction carrying `batch`, sent by `address`. */
export interface BatchCall {
  data: string;
  gasLimit: bigint;
  kind?: StoredTransaction["kind"];
}

/**
 * The call for a batch. An update batch is signed for the node's gas estimate (capped at the planned worst case),
 * except while a tombstone is in flight (`worstCase`): a record it deletes costs an update the price of a new one.
 */
export async function batchCall(
  deps: SubmitDeps,
  batch: readonly OutboxEntry[],
  options: { address: string; worstCase: boolean },
): Promise<BatchCall> {
  const [first] = batch;
  if (first?.kind === "governance" && batch.length === 1) return governanceCall(deps.ledger, first);
  if (isErasureBatch(batch)) {
    const erasures = batch.map((e) => ({ subjectKey: e.input.subjectKey, updateId: e.input.updateId }));
    return { data: deps.ledger.encodeEraseBatch(erasures), gasLimit: eraseGasLimit(batch.length), kind: "erasure" };
  }
  const records = batch.map((e) => e.input);
  const plan = planBatch(batch.length, deps.settings.batch);
  const estimate = options.worstCase ? null : await deps.ledger.estimateUpsertBatchGas(options.address, records);
  return { data: deps.ledger.encodeUpsertBatch(records), gasLimit: gasLimitFor(plan, estimate) };
}

/** Whether a batch is of tombstones (a batch is all of one kind). */
export function isErasureBatch(batch: readonly OutboxEntry[]): boolean {
  return batch[0]?.kind === "erasure";
}

/**
 * The next batch's source: the waiting tombstones if any (they go first, on their own), else the oldest waiting
 * governance action alone, else the updates.
 */
export function nextOfOneKind(pending: readonly OutboxEntry[]): OutboxEntry[] {
  const erasures = pending.filter((e) => e.kind === "erasure");
  if (erasures.length > 0) return erasures;
  const governance = pending.find((e) => e.kind === "governance");
  return governance ? [governance] : pending.filter((e) => e.kind === undefined);
}
