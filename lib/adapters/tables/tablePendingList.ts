// The outbox's pending list: a sibling table `<outbox>pending` (one partition, ordered by acceptance time) that
// carries a copy of each waiting entry, so the submitter reads a whole batch with one query that never touches the
// (ever-growing) history. A re-listing (ingest replay, reconciliation, requeue) is marked, for the store to check
// against the outbox; rows already gone are skipped when removing.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { OutboxEntry } from "../../ports/outbox.js";
import { PENDING_PARTITION, pendingKey, pendingRow, readOutboxRow } from "./outboxRows.js";
import { storageCall, storageCallOrNull, submitInChunks } from "./tableSupport.js";

/** The pending-list column marking a re-listing, which the submitter's read checks against the outbox. */
const RELISTED = "relisted";

/** The pending list over its Azure Table. */
export class TablePendingList {
  constructor(private readonly table: TableClient) {}

  /** Up to `limit` listed entries, oldest first, each with whether it was re-listed. */
  async read(limit: number): Promise<{ entry: OutboxEntry; relisted: boolean }[]> {
    const rows: Record<string, unknown>[] = [];
    const filter = `PartitionKey eq '${PENDING_PARTITION}'`;
    const list = this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
    await storageCall("list pending", async () => {
      for await (const page of list.byPage({ maxPageSize: Math.min(limit, 1000) })) {
        rows.push(...page.slice(0, limit - rows.length));
        if (rows.length >= limit) break;
      }
    });
    return rows.map((row) => ({ entry: readOutboxRow(row), relisted: row[RELISTED] === true }));
  }

  /** Upserts pending-list rows (one partition) in transactions of up to 100 operations; re-listings are marked. */
  async list(entries: readonly OutboxEntry[], relisted = false): Promise<void> {
    const actions: TransactionAction[] = entries.map((e) => [
      "upsert",
      relisted ? { ...pendingRow(e), [RELISTED]: true } : pendingRow(e),
      "Replace",
    ]);
    await submitInChunks(this.table, actions, `list ${entries.length} entries as pending`);
  }

  /** Removes entries from the pending list (those already gone are skipped). */
  async unlist(entries: readonly OutboxEntry[]): Promise<void> {
    const deletes: TransactionAction[] = entries.map((e) => ["delete", pendingKey(e)]);
    const what = "remove submitted entries from the pending list";
    const removed = await storageCallOrNull(what, async () => {
      await submitInChunks(this.table, deletes, what);
      return true;
    });
    // A retry after a crash finds some rows gone, which fails the whole transaction: delete one by one.
    if (removed === null) await Promise.all(entries.map((e) => this.remove(e)));
  }

  /** Removes one entry's listing, if still there. */
  async remove(entry: OutboxEntry): Promise<void> {
    const key = pendingKey(entry);
    await storageCallOrNull(`remove ${entry.updateId} from the pending list`, () =>
      this.table.deleteEntity(key.partitionKey, key.rowKey),
    );
  }
}
