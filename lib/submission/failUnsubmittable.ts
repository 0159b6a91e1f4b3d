// Ends updates that no transaction can carry (a record the contract's ABI cannot encode, or one that fails to sign or
// store on its own while its neighbours succeed): each is failed with the reason, answered to the bank and taken off
// the pending list, so that the submitter never loops on it and the bank is never stopped by one record.
import type { Clock } from "../ports/runtime.js";
import type { FinalOutcome, OutboxEntry, OutboxStore } from "../ports/outbox.js";
import type { LedgerWriter } from "../ports/ledgerWriter.js";
import type { ResultPublisher } from "../ports/submission.js";
import { updatesContent } from "./batchContent.js";

/** What failing needs. */
export interface FailDeps {
  outbox: OutboxStore;
  results: ResultPublisher;
  clock: Clock;
}

/** Fails `entries` for `reason`; returns their update ids. */
export async function failUnsubmittable(
  deps: FailDeps,
  entries: readonly OutboxEntry[],
  reason: string,
): Promise<string[]> {
  if (entries.length === 0) return [];
  const at = deps.clock.now().toISOString();
  const outcomes: FinalOutcome[] = entries.map((e) => ({ updateId: e.updateId, status: "failed", reason, at }));
  await deps.outbox.markFinal(outcomes);
  await deps.results.publish(outcomes.map(({ updateId, status }) => ({ updateId, status, reason, at })));
  await deps.outbox.unlist(entries);
  return outcomes.map((o) => o.updateId);
}

/** Splits a batch into the entries an update batch can carry and those it cannot, each with the ledger's reason. */
export function screenEncodable(
  writer: Pick<LedgerWriter, "unpreparable">,
  batch: readonly OutboxEntry[],
): { encodable: OutboxEntry[]; unencodable: { entry: OutboxEntry; reason: string }[] } {
  if (writer.unpreparable(updatesContent(batch)) === null) return { encodable: [...batch], unencodable: [] };
  const encodable: OutboxEntry[] = [];
  const unencodable: { entry: OutboxEntry; reason: string }[] = [];
  for (const entry of batch) {
    const reason = writer.unpreparable(updatesContent([entry]));
    if (reason === null) encodable.push(entry);
    else unencodable.push({ entry, reason });
  }
  return { encodable, unencodable };
}
