// What a batch carries: updates, tombstones (outbox entries of kind `erasure`, never mixed with updates in one
// batch) or one governance action (kind `governance`, always alone), as the ledger seam's BatchContent.
import { AppError } from "../domain/appError.js";
import type { OutboxEntry } from "../ports/outbox.js";
import type { BatchContent } from "../ports/ledgerWriter.js";

/** The content of a batch of one kind (INVALID_MESSAGE for a governance entry without its action). */
export function batchContent(batch: readonly OutboxEntry[]): BatchContent {
  const [first] = batch;
  if (first?.kind === "governance" && batch.length === 1) return governanceContent(first);
  if (isErasureBatch(batch)) {
    const erasures = batch.map((e) => ({ subjectKey: e.input.subjectKey, updateId: e.input.updateId }));
    return { kind: "erasures", erasures };
  }
  return updatesContent(batch);
}

/** The records of `batch` as an update batch. */
export function updatesContent(batch: readonly OutboxEntry[]): BatchContent {
  return { kind: "updates", records: batch.map((e) => e.input) };
}

/** The membership action of a governance entry. */
export function governanceContent(entry: OutboxEntry): BatchContent {
  const action = entry.governance;
  if (!action) throw new AppError("INVALID_MESSAGE", `governance entry ${entry.updateId} holds no action`);
  return { kind: "governance", action };
}

/** Whether a batch is of tombstones (a batch is all of one kind). */
function isErasureBatch(batch: readonly OutboxEntry[]): boolean {
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
