// Retention of the outbox table: entries whose final outcome is older than the retention are deleted with their
// final-index and subject-index rows in one transaction, walking the final index (oldest first, per partition, in
// the layout of outboxRows.ts), so a run reads what it deletes and never the entries it keeps. An index row whose
// entry was requeued since (its latest outcome is newer) or is gone is deleted alone; an entry not final is never
// deleted.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import {
  finalPosition,
  indexFilter,
  OUTBOX_PARTITIONS,
  outboxKey,
  positionOf,
  readOutboxRow,
  subjectIndexKey,
} from "./outboxRows.js";
import { storageCall, storageCallOrNull } from "./tableSupport.js";

/** Entries examined at a time. */
const CONCURRENCY = 16;

/** Deletes up to `limit` entries whose final outcome is before `before`; returns how many. */
export async function pruneOutbox(table: TableClient, before: string, limit: number): Promise<number> {
  if (limit <= 0) return 0;
  const upTo = finalPosition(before, "");
  const perPartition = Math.ceil(limit / OUTBOX_PARTITIONS.length);
  const pages = await Promise.all(
    OUTBOX_PARTITIONS.map((p) => indexRows(table, indexFilter(p, { after: null, upTo }), perPartition)),
  );
  const rows = pages
    .flat()
    .filter((row) => positionOf(row.rowKey) < upTo)
    .sort((a, b) => (positionOf(a.rowKey) < positionOf(b.rowKey) ? -1 : 1))
    .slice(0, limit);
  const deleted = await mapConcurrently(rows, CONCURRENCY, (row) => pruneAt(table, row));
  return deleted.filter(Boolean).length;
}

/** Deletes a final-index row and, when it stands for its entry's latest final outcome, the entry and its subject row. */
async function pruneAt(table: TableClient, indexRow: { partitionKey: string; rowKey: string }): Promise<boolean> {
  const position = positionOf(indexRow.rowKey);
  const hash = position.slice(position.indexOf("~") + 1);
  const key = outboxKey(hash);
  const entry = await read(table, key);
  const final = entry?.finalAt !== undefined && entry.status !== "accepted" && entry.status !== "submitted";
  const latest = final && finalPosition(entry.finalAt!, hash) === position;
  const subject = latest ? subjectIndexKey(entry!) : null;
  const actions: TransactionAction[] = [
    ["delete", indexRow],
    ...(latest ? [["delete", key] as TransactionAction] : []),
    ...(subject ? [["delete", subject] as TransactionAction] : []),
  ];
  const pruned = await storageCallOrNull("prune the outbox", () => table.submitTransaction(actions));
  // A row missing: pruned by another run, or an entry stored before the subject index (without its row), which
  // would otherwise stay, oldest first, in front of every later run.
  if (pruned === null && subject)
    await storageCallOrNull("prune the outbox", () => table.submitTransaction(actions.slice(0, 2)));
  return latest;
}

async function read(table: TableClient, key: { partitionKey: string; rowKey: string }) {
  const row = await storageCallOrNull("read outbox", () => table.getEntity(key.partitionKey, key.rowKey));
  return row ? readOutboxRow(row) : null;
}

/** The first `limit` rows of a final-index range, keys only. */
async function indexRows(
  table: TableClient,
  filter: string,
  limit: number,
): Promise<{ partitionKey: string; rowKey: string }[]> {
  return storageCall("read the final index", async () => {
    const query = { filter, select: ["PartitionKey", "RowKey"] };
    const first = await table.listEntities({ queryOptions: query }).byPage({ maxPageSize: limit }).next();
    return first.done ? [] : first.value.map((row) => ({ partitionKey: row.partitionKey!, rowKey: row.rowKey! }));
  });
}
