// Deliveries and their attempt log in Azure Table storage, each subscription's rows spread over 16 partitions so no
// partition holds more than a sixteenth of them (point operations stay cheap: in Azurite each one scans its
// partition, and in Azure a partition's ~2,000 entities/s target is shared by fewer rows):
//   PartitionKey `<subscription id>~<h>`   h = the first hex digit of sha256(webhook id)
//   RowKey `d~<webhook id>`                a delivery: its JSON document plus `status` and `due` columns (overdue query)
//   RowKey `a~<webhook id>~<attempt>`      one logged attempt (attempt number zero-padded to 6 digits)
// A delivery and its attempts share a partition, so a state change and its attempt row go in one entity-group
// transaction; the batch methods group rows per partition into transactions of at most 100 operations, and retry a
// transaction that failed on one row's condition (exists, changed) row by row. `list` is a PartitionKey range query.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { createHash } from "node:crypto";
import type { Delivery, DeliveryAttempt, DeliveryStore, StoredDelivery } from "../distributionPorts.js";
import { isAppError } from "../domain/appError.js";
import { mapConcurrently } from "../mapConcurrently.js";
import { docRow, getDoc, odata, queryDocs, safeKey } from "./tableDocuments.js";
import {
  actionBytes,
  byPartition,
  openTable,
  storageCall,
  transactionChunks,
  type TableSource,
} from "./tableSupport.js";

/** Single operations in flight when a failed transaction is retried row by row. */
const FALLBACK_CONCURRENCY = 16;

/** One row to write, and how: created, upserted, or replaced if unchanged since read (`etag`). */
interface Row {
  key: string;
  partitionKey: string;
  /** A delivery and its attempt rows share a unit, which one transaction holds whole. */
  unit: string;
  entity: ReturnType<typeof docRow>;
  write: "create" | "upsert" | { etag: string };
  delivery?: Delivery;
}

/** Opens (and creates) the deliveries table. */
export async function openTableDeliveryStore(source: TableSource, tableName: string): Promise<TableDeliveryStore> {
  return new TableDeliveryStore(await openTable(source, tableName));
}

/** The DeliveryStore over an Azure Table. */
export class TableDeliveryStore implements DeliveryStore {
  constructor(private readonly table: TableClient) {}

  async addMany(deliveries: readonly Delivery[]): Promise<Delivery[]> {
    const rows = firstPerKey(deliveries.map((d) => deliveryRow(d, "create")));
    const created = await this.writeAll(rows, "add deliveries");
    return rows.flatMap((r) => (created.has(r.key) && r.delivery ? [r.delivery] : []));
  }

  async get(subscriptionId: string, webhookId: string): Promise<StoredDelivery | null> {
    const found = await getDoc<Delivery>(this.table, partitionOf(subscriptionId, webhookId), deliveryKey(webhookId));
    return found ? { delivery: found.doc, version: found.etag } : null;
  }

  async putMany(deliveries: readonly Delivery[], attempts: readonly DeliveryAttempt[] = []): Promise<void> {
    const rows = [...deliveries.map((d) => deliveryRow(d, "upsert")), ...attempts.map(attemptRow)];
    await this.writeAll(lastPerKey(rows), "store deliveries");
  }

  async claimMany(read: readonly StoredDelivery[]): Promise<Delivery[]> {
    const rows = lastPerKey(read.map((r) => deliveryRow(claimedOf(r.delivery), { etag: r.version })));
    const claimed = await this.writeAll(rows, "claim deliveries");
    return rows.flatMap((r) => (claimed.has(r.key) && r.delivery ? [r.delivery] : []));
  }

  async list(subscriptionId: string): Promise<Delivery[]> {
    const prefix = `${safeKey(subscriptionId)}~`;
    const filter =
      `PartitionKey gt ${odata(prefix)} and PartitionKey lt ${odata(`${prefix}~`)} and ` +
      `RowKey gt ${odata("d~")} and RowKey lt ${odata("d~~")}`;
    const found = await queryDocs<Delivery>(this.table, filter);
    return found.filter((d) => d.subscriptionId === subscriptionId);
  }

  async overdue(before: string, limit: number): Promise<Delivery[]> {
    const found = await queryDocs<Delivery>(this.table, `status eq 'pending' and due lt ${odata(before)}`);
    return found.sort((a, b) => (due(a) < due(b) ? -1 : 1)).slice(0, limit);
  }

  async attempts(subscriptionId: string, webhookId: string): Promise<DeliveryAttempt[]> {
    return queryDocs<DeliveryAttempt>(this.table, attemptsFilter(subscriptionId, webhookId));
  }

  async removeAttempts(subscriptionId: string, webhookId: string): Promise<number> {
    const found = await this.attempts(subscriptionId, webhookId);
    const partitionKey = partitionOf(subscriptionId, webhookId);
    const deletes: TransactionAction[] = found.map((a) => ["delete", { partitionKey, rowKey: attemptKey(a) }]);
    for (let i = 0; i < deletes.length; i += 100) {
      await storageCall("remove attempts", () => this.table.submitTransaction(deletes.slice(i, i + 100)));
    }
    return found.length;
  }

  /** Writes rows in transactions per partition (partitions in parallel); returns the keys of the rows written. */
  private async writeAll(rows: readonly Row[], what: string): Promise<Set<string>> {
    const written = new Set<string>();
    const partitions = [...byPartition(rows, (r) => r.partitionKey).values()];
    await Promise.all(
      partitions.map(async (partition) => {
        const units = [...byPartition(partition, (r) => r.unit).values()];
        for (const chunk of transactionChunks(units, (r) => actionBytes(actionOf(r)))) {
          const conditional = chunk.some((r) => r.write !== "upsert");
          const ok = await this.attempt(what, () => this.table.submitTransaction(chunk.map(actionOf)), conditional);
          // One row's failed condition fails the whole transaction: write them one by one to learn which.
          const each = ok ? chunk.map(() => true) : await mapConcurrently(chunk, FALLBACK_CONCURRENCY, this.one(what));
          chunk.forEach((r, i) => each[i] && written.add(r.key));
        }
      }),
    );
    return written;
  }

  private one(what: string): (row: Row) => Promise<boolean> {
    return ({ entity, write }) =>
      this.attempt(what, () =>
        write === "create"
          ? this.table.createEntity(entity)
          : write === "upsert"
            ? this.table.upsertEntity(entity, "Replace")
            : this.table.updateEntity(entity, "Replace", write),
      );
  }

  /** Runs a write; false when a row's condition failed (409 exists, 412 changed, 404 gone), which upserts have not. */
  private async attempt(what: string, write: () => Promise<unknown>, conditional = true): Promise<boolean> {
    try {
      await storageCall(what, write);
      return true;
    } catch (error) {
      if (conditional && (isAppError(error, "CONFLICT") || isAppError(error, "NOT_FOUND"))) return false;
      throw error;
    }
  }
}

function deliveryRow(delivery: Delivery, write: Row["write"]): Row {
  const partitionKey = partitionOf(delivery.subscriptionId, delivery.webhookId);
  const rowKey = deliveryKey(delivery.webhookId);
  const entity = docRow({ partitionKey, rowKey }, delivery, { status: delivery.status, due: due(delivery) });
  return { key: `${partitionKey}/${rowKey}`, partitionKey, unit: rowKey, entity, write, delivery };
}

function attemptsFilter(subscriptionId: string, webhookId: string): string {
  const partition = odata(partitionOf(subscriptionId, webhookId));
  const prefix = `a~${safeKey(webhookId)}~`;
  return `PartitionKey eq ${partition} and RowKey gt ${odata(prefix)} and RowKey lt ${odata(`${prefix}~`)}`;
}

function attemptKey(attempt: DeliveryAttempt): string {
  return `a~${safeKey(attempt.webhookId)}~${String(attempt.attempt).padStart(6, "0")}`;
}

function attemptRow(attempt: DeliveryAttempt): Row {
  const partitionKey = partitionOf(attempt.subscriptionId, attempt.webhookId);
  const rowKey = attemptKey(attempt);
  const entity = docRow({ partitionKey, rowKey }, attempt);
  return {
    key: `${partitionKey}/${rowKey}`,
    partitionKey,
    unit: deliveryKey(attempt.webhookId),
    entity,
    write: "upsert",
  };
}

function actionOf({ entity, write }: Row): TransactionAction {
  if (write === "create") return ["create", entity];
  if (write === "upsert") return ["upsert", entity, "Replace"];
  return ["update", entity, "Replace", write];
}

/** A delivery with its job marked claimed (a token no queued job carries). */
function claimedOf(delivery: Delivery): Delivery {
  return { ...delivery, jobToken: `${delivery.jobToken}#claimed` };
}

/** One row per key, the last given (a transaction may hold a row once). */
function lastPerKey(rows: readonly Row[]): Row[] {
  return [...new Map(rows.map((r) => [r.key, r] as const)).values()];
}

/** One row per key, the first given: of two creations of one row, the second finds it existing. */
function firstPerKey(rows: readonly Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.key) && seen.add(r.key));
}

function partitionOf(subscriptionId: string, webhookId: string): string {
  const bucket = createHash("sha256").update(webhookId).digest("hex").slice(0, 1);
  return `${safeKey(subscriptionId)}~${bucket}`;
}

function deliveryKey(webhookId: string): string {
  return `d~${safeKey(webhookId)}`;
}

function due(delivery: Delivery): string {
  return delivery.nextAttemptAt ?? delivery.createdAt;
}
