// The deliveries table's queries beside the store's writes (tableDeliveryStore.ts), in the layout of deliveryRows.ts:
// overdue deliveries through the pending index, which index rows of a delivery exist, and retention's pruning. Each
// reads one subscription's 16 partitions separately, so none scans another subscription's rows or delivered history
// through an index.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { Delivery, DeliveryPruning } from "../../ports/distribution.js";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import {
  deliveryKey,
  due,
  INDEX,
  indexedWebhookId,
  indexKey,
  partitionOf,
  partitionsOf,
  rangeFilter,
  readDelivery,
} from "./deliveryRows.js";
import { getDoc, odata, readDoc } from "./tableDocuments.js";
import { conditionalWrite, storageCall, submitInChunks } from "./tableSupport.js";

/** Point reads or deletions in flight. */
const CONCURRENCY = 16;

type Row = Record<string, unknown> & { partitionKey: string; rowKey: string; etag: string };

/** Up to `limit` rows matching `filter`. */
async function rows(table: TableClient, filter: string, limit: number, select?: string[]): Promise<Row[]> {
  return storageCall(`query ${table.tableName}`, async () => {
    const found: Row[] = [];
    for await (const row of table.listEntities<Row>({ queryOptions: { filter, select } })) {
      found.push(row as Row);
      if (found.length >= limit) break;
    }
    return found;
  });
}

/**
 * Pending deliveries of a subscription due before `before`: the pending index read per partition, then each
 * delivery read; an index row whose delivery is no longer pending (a writer that raced another) is deleted.
 */
export async function overdueDeliveries(
  table: TableClient,
  query: { subscriptionId: string; before: string; limit: number },
): Promise<Delivery[]> {
  if (query.limit <= 0) return [];
  const filter = (p: string) => rangeFilter(p, INDEX, `state eq 'pending' and due lt ${odata(query.before)}`);
  const pages = await Promise.all(partitionsOf(query.subscriptionId).map((p) => rows(table, filter(p), query.limit)));
  const index = pages
    .flat()
    .sort((a, b) => (String(a.due) < String(b.due) ? -1 : 1))
    .slice(0, query.limit);
  const read = await mapConcurrently(index, CONCURRENCY, async (row) => {
    const found = await getDoc<Delivery>(table, row.partitionKey, deliveryKey(indexedWebhookId(row.rowKey)));
    if (found?.doc.status === "pending") return due(found.doc) < query.before ? readDelivery(found.doc) : null;
    await storageCall("delete a stale index row", () =>
      table.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag }),
    ).catch(() => undefined); // changed since read: its delivery moved on and rewrote it
    return null;
  });
  return read.filter((d): d is Delivery => d !== null);
}

/** The row keys of the index rows of a delivery that exist (its one, or none). */
export async function existingIndexRows(
  table: TableClient,
  delivery: Pick<Delivery, "subscriptionId" | "webhookId">,
): Promise<Set<string>> {
  const partitionKey = partitionOf(delivery.subscriptionId, delivery.webhookId);
  const filter = `PartitionKey eq ${odata(partitionKey)} and RowKey eq ${odata(indexKey(delivery))}`;
  return new Set((await rows(table, filter, 1, ["RowKey"])).map((r) => r.rowKey));
}

/** How many of a subscription's deliveries are exhausted, counting up to `limit`. */
export async function countExhausted(table: TableClient, subscriptionId: string, limit: number): Promise<number> {
  const filter = (p: string) => rangeFilter(p, INDEX, "state eq 'exhausted'");
  const pages = await Promise.all(partitionsOf(subscriptionId).map((p) => rows(table, filter(p), limit, ["RowKey"])));
  return Math.min(
    limit,
    pages.reduce((sum, page) => sum + page.length, 0),
  );
}

/** Deletes finished deliveries past their retention with their attempts and index rows (see DeliveryStore.prune). */
export async function pruneDeliveries(
  table: TableClient,
  subscriptionId: string,
  options: DeliveryPruning,
): Promise<number> {
  const expired =
    `((status eq 'delivered' and updatedAt lt ${odata(options.deliveredBefore)}) or ` +
    `((status eq 'exhausted' or status eq 'held') and updatedAt lt ${odata(options.failedBefore)}))`;
  const pages = await Promise.all(
    partitionsOf(subscriptionId).map((p) => rows(table, rangeFilter(p, "d~", expired), options.limit)),
  );
  const found = pages.flat().slice(0, options.limit);
  const deleted = await mapConcurrently(found, CONCURRENCY, (row) => pruneOne(table, row));
  return deleted.filter(Boolean).length;
}

/**
 * Deletes one delivery: first its attempts and index rows in one transaction with a write to the delivery that holds
 * only if the delivery is unchanged since read (a replay meanwhile keeps it), then the delivery itself, if still
 * unchanged. A crash in between leaves the delivery, found again by the next run.
 */
async function pruneOne(table: TableClient, row: Row): Promise<boolean> {
  const delivery = readDoc<Delivery>(row);
  const attempts = await rows(table, rangeFilter(row.partitionKey, `a~${delivery.webhookId}~`), Infinity, ["RowKey"]);
  const keys = { partitionKey: row.partitionKey, rowKey: row.rowKey };
  const deletes = [...attempts.map((a) => a.rowKey), ...(await existingIndexRows(table, delivery))].map(
    (rowKey): TransactionAction => ["delete", { ...keys, rowKey }],
  );
  // A transaction holds 100 operations: a long attempt log goes first, on its own (a log past retention).
  await submitInChunks(table, deletes.splice(0, Math.max(0, deletes.length - 99)), "prune delivery attempts");
  // A condition failed: replayed meanwhile, kept.
  return conditionalWrite("prune a delivery", async () => {
    const actions: TransactionAction[] = [["update", keys, "Merge", { etag: row.etag }], ...deletes];
    const result = await table.submitTransaction(actions);
    const etag = result.subResponses[0]?.etag ?? "";
    await table.deleteEntity(row.partitionKey, row.rowKey, { etag });
  });
}
