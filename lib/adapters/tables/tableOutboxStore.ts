// The outbox in Azure Table storage: one row per update (16 partitions by the first hex digit of keccak(updateId))
// holding the immutable record as a document (tableDocuments) and its changing state as columns, so state transitions
// are blind Merge writes batched per partition (no read first), each with the entry's index rows (outboxRows: open
// copy, final index) in the same transaction. New entries are created per partition (outboxAdds.ts); the submitter
// reads its batches from the pending list (tablePendingList.ts).
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { FinalOutcome, OutboxEntry, OutboxStore } from "../../ports/outbox.js";
import { updateIdHash } from "../../domain/recordInput.js";
import {
  defined,
  finalKey,
  openKey,
  openRow,
  outboxKey as keyOf,
  readOutboxRow,
  stateOf,
  type OutboxState as State,
} from "./outboxRows.js";
import { writeUnits, type Unit } from "./outboxUnits.js";
import type { RecentEntries } from "./recentEntries.js";
import { pruneOutbox } from "./tableOutboxRetention.js";
import { TablePendingList } from "./tablePendingList.js";
import { createEntries, type AddResult } from "./outboxAdds.js";
import { openTable, storageCallOrNull, type TableSource } from "./tableSupport.js";

/** Opens (and creates) the outbox table and its pending list `<tableName>pending`; new entries go to `recent` too. */
export async function openTableOutboxStore(
  source: TableSource,
  tableName: string,
  recent?: RecentEntries<OutboxEntry>,
): Promise<TableOutboxStore> {
  const [table, pendingList] = await Promise.all([
    openTable(source, tableName),
    openTable(source, `${tableName}pending`),
  ]);
  return new TableOutboxStore(table, pendingList, recent);
}

/** The OutboxStore over an Azure Table. */
export class TableOutboxStore implements OutboxStore {
  private readonly pendingList: TablePendingList;

  constructor(
    private readonly table: TableClient,
    pendingTable: TableClient,
    private readonly recent?: RecentEntries<OutboxEntry>,
  ) {
    this.pendingList = new TablePendingList(pendingTable);
  }

  prune(before: string, limit: number): Promise<number> {
    return pruneOutbox(this.table, before, limit);
  }

  async add(entry: OutboxEntry): Promise<AddResult> {
    return (await this.addMany([entry]))[0] as AddResult;
  }

  /** Stores the new entries (a repeated update id in `entries` counts as existing); results in input order. */
  async addMany(entries: readonly OutboxEntry[]): Promise<AddResult[]> {
    const firsts = new Map<string, OutboxEntry>();
    for (const e of entries) if (!firsts.has(e.updateIdHash)) firsts.set(e.updateIdHash, e);
    const stored = await createEntries(this.table, [...firsts.values()], (updateId) => this.get(updateId));
    const created = [...stored.values()].filter((r) => r.created).map((r) => r.entry);
    for (const entry of created) this.recent?.remember(entry.updateIdHash, entry);
    await this.pendingList.list(created);
    return entries.map((e) => {
      const result = stored.get(e.updateIdHash) as AddResult;
      return firsts.get(e.updateIdHash) === e ? result : { created: false, entry: result.entry };
    });
  }

  async get(updateId: string): Promise<OutboxEntry | null> {
    const key = keyOf(updateIdHash(updateId));
    const row = await storageCallOrNull(`get ${updateId}`, () => this.table.getEntity(key.partitionKey, key.rowKey));
    return row ? readOutboxRow(row) : null;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const listed = await this.pendingList.read(limit);
    const checked = await Promise.all(listed.map((row) => this.stillWaiting(row)));
    return checked.filter((entry): entry is OutboxEntry => entry !== null);
  }

  /**
   * The entry a pending row lists. A re-listing (ingest replay, reconciliation, requeue) may have raced the
   * submitter, so its row is checked against the outbox: if the update has moved on, the stale listing is removed.
   */
  private async stillWaiting(listed: { entry: OutboxEntry; relisted: boolean }): Promise<OutboxEntry | null> {
    if (!listed.relisted) return listed.entry;
    const current = await this.get(listed.entry.updateId);
    if (current?.status === "accepted") return current;
    await this.pendingList.remove(listed.entry);
    return null;
  }

  async ensurePending(entry: OutboxEntry): Promise<boolean> {
    const current = await this.get(entry.updateId);
    if (current?.status !== "accepted") return false;
    await this.pendingList.list([current], true);
    return true;
  }

  async markSubmitted(
    entries: readonly OutboxEntry[],
    tx: { txHash: string; nonce: number; at: string },
  ): Promise<void> {
    const state: State = { status: "submitted", submittedAt: tx.at, txHash: tx.txHash, nonce: tx.nonce };
    const units = entries.map((e) =>
      stateUnit(e.updateIdHash, state, [["update", { ...openKey(e.updateIdHash), ...state }, "Merge"]]),
    );
    // Both at once (different tables): if either fails, the transaction stays `signed` and the submitter's next step
    // announces it again, which repeats both.
    await Promise.all([writeUnits(this.table, units, "mark entries submitted"), this.unlist(entries)]);
  }

  /** Removes entries from the pending list (those already gone are skipped). */
  unlist(entries: readonly OutboxEntry[]): Promise<void> {
    return this.pendingList.unlist(entries);
  }

  async markFinal(outcomes: readonly FinalOutcome[]): Promise<void> {
    const units = outcomes.map(({ updateId, at, ...rest }) => {
      const hash = updateIdHash(updateId);
      const indexes: TransactionAction[] = [
        ["delete", openKey(hash)],
        ["upsert", finalKey(at, hash), "Replace"],
      ];
      return stateUnit(hash, { ...rest, finalAt: at }, indexes);
    });
    await writeUnits(this.table, units, "record final outcomes");
  }

  async requeue(updateIds: readonly string[], at: string): Promise<void> {
    const current = await Promise.all(updateIds.map((id) => this.get(id)));
    const requeued = current.flatMap((entry) =>
      entry ? [{ ...entry, status: "accepted" as const, acceptedAt: at, requeues: (entry.requeues ?? 0) + 1 }] : [],
    );
    const units = requeued.map((e) => stateUnit(e.updateIdHash, stateOf(e), [["upsert", openRow(e), "Replace"]]));
    await writeUnits(this.table, units, "requeue outbox entries");
    await this.pendingList.list(requeued, true);
  }
}

/** A blind Merge of an entry's state columns (no read first), then `indexes` on its index rows. */
function stateUnit(hash: string, state: State, indexes: TransactionAction[]): Unit {
  const key = keyOf(hash);
  return { partitionKey: key.partitionKey, actions: [["update", { ...key, ...defined(state) }, "Merge"], ...indexes] };
}
