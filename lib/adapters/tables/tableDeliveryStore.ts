// Deliveries and their attempt log in Azure Table storage, in the layout of deliveryRows.ts: a delivery, its attempts
// and its index rows (pending, exhausted) share a partition, so each write of a delivery is one entity-group
// transaction with its attempt rows and index changes; the batch methods group deliveries per partition into
// transactions of at most 100 operations and retry a transaction that failed on one delivery's condition (exists,
// changed, or an index row to delete that is absent) delivery by delivery. Reads of what is pending or exhausted go
// through the index, per partition (tableDeliveryReads.ts); `list` (an operator's view) is a PartitionKey range query.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryPruning,
  DeliveryStore,
  StoredDelivery,
} from "../../ports/distribution.js";
import { AppError } from "../../domain/appError.js";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import {
  attemptKey,
  attemptRow,
  deliveryKey,
  deliveryRow,
  indexActions,
  partitionOf,
  rangeFilter,
  readDelivery,
} from "./deliveryRows.js";
import { getDoc, odata, queryDocs, safeKey } from "./tableDocuments.js";
import { countExhausted, existingIndexRows, overdueDeliveries, pruneDeliveries } from "./tableDeliveryReads.js";
import {
  actionBytes,
  byPartition,
  conditionalWrite,
  openTable,
  storageCall,
  type TableSource,
  transactionChunks,
} from "./tableSupport.js";

/** Times an upsert is tried delivery by delivery while its index rows change under it. */
const UPSERT_TRIES = 5;

/** Deliveries written one by one at a time when a failed transaction is retried delivery by delivery. */
const FALLBACK_CONCURRENCY = 16;

/** A delivery's writes, which one transaction holds whole: created, upserted, or replaced if unchanged (`etag`). */
interface Unit {
  key: string;
  partitionKey: string;
  actions: TransactionAction[];
  write: "create" | "upsert" | "claim";
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
    const seen = new Set<string>();
    const units = deliveries
      .map((d): Unit => unitOf(d, "create", [["create", deliveryRow(d)], ...indexActions(d, true)], d))
      .filter((u) => !seen.has(u.key) && seen.add(u.key));
    const created = await this.writeAll(units, "add deliveries");
    return units.flatMap((u) => (created.has(u.key) && u.delivery ? [u.delivery] : []));
  }

  async get(subscriptionId: string, webhookId: string): Promise<StoredDelivery | null> {
    const found = await getDoc<Delivery>(this.table, partitionOf(subscriptionId, webhookId), deliveryKey(webhookId));
    return found ? { delivery: readDelivery(found.doc), version: found.etag } : null;
  }

  async putMany(deliveries: readonly Delivery[], attempts: readonly DeliveryAttempt[] = []): Promise<void> {
    const units = new Map<string, Unit>();
    for (const d of deliveries) {
      const unit = unitOf(d, "upsert", [["upsert", deliveryRow(d), "Replace"], ...indexActions(d, false)], d);
      units.set(unit.key, unit);
    }
    for (const a of attempts) {
      const key = `${partitionOf(a.subscriptionId, a.webhookId)}/${deliveryKey(a.webhookId)}`;
      const unit = units.get(key) ?? units.set(key, unitOf(a, "upsert", [])).get(key)!;
      const row = attemptRow(a);
      unit.actions = [...unit.actions.filter((x) => x[1].rowKey !== row.rowKey), ["upsert", row, "Replace"]];
    }
    await this.writeAll([...units.values()], "store deliveries");
  }

  async claimMany(read: readonly StoredDelivery[]): Promise<Delivery[]> {
    const units = new Map<string, Unit>();
    for (const { delivery, version } of read) {
      const claimed = { ...delivery, jobToken: `${delivery.jobToken}#claimed` };
      const update: TransactionAction = ["update", deliveryRow(claimed), "Replace", { etag: version }];
      const unit = unitOf(claimed, "claim", [update], claimed);
      units.set(unit.key, unit);
    }
    const written = await this.writeAll([...units.values()], "claim deliveries");
    return [...units.values()].flatMap((u) => (written.has(u.key) && u.delivery ? [u.delivery] : []));
  }

  async list(subscriptionId: string): Promise<Delivery[]> {
    const prefix = `${safeKey(subscriptionId)}~`;
    const filter =
      `PartitionKey gt ${odata(prefix)} and PartitionKey lt ${odata(`${prefix}~`)} and ` +
      `RowKey gt ${odata("d~")} and RowKey lt ${odata("d~~")}`;
    const found = await queryDocs<Delivery>(this.table, filter);
    return found.filter((d) => d.subscriptionId === subscriptionId).map(readDelivery);
  }

  overdue(subscriptionId: string, before: string, limit: number): Promise<Delivery[]> {
    return overdueDeliveries(this.table, { subscriptionId, before, limit });
  }

  exhausted(subscriptionId: string, limit: number): Promise<number> {
    return countExhausted(this.table, subscriptionId, limit);
  }

  prune(subscriptionId: string, options: DeliveryPruning): Promise<number> {
    return pruneDeliveries(this.table, subscriptionId, options);
  }

  async attempts(subscriptionId: string, webhookId: string): Promise<DeliveryAttempt[]> {
    const filter = rangeFilter(partitionOf(subscriptionId, webhookId), `a~${safeKey(webhookId)}~`);
    return queryDocs<DeliveryAttempt>(this.table, filter);
  }

  async removeAttempts(subscriptionId: string, webhookId: string): Promise<number> {
    const found = await this.attempts(subscriptionId, webhookId);
    const partitionKey = partitionOf(subscriptionId, webhookId);
    const deletes: TransactionAction[] = found.map((a) => [
      "delete",
      { partitionKey, rowKey: attemptKey(a.webhookId, a.attempt) },
    ]);
    for (let i = 0; i < deletes.length; i += 100) {
      await storageCall("remove attempts", () => this.table.submitTransaction(deletes.slice(i, i + 100)));
    }
    return found.length;
  }

  /** Writes units in transactions per partition (partitions in parallel); returns the keys of the units written. */
  private async writeAll(units: readonly Unit[], what: string): Promise<Set<string>> {
    const written = new Set<string>();
    const partitions = [...byPartition(units, (u) => u.partitionKey).values()];
    await Promise.all(
      partitions.map(async (partition) => {
        const items = partition.map((unit) => unit.actions.map((action) => ({ unit, action })));
        for (const chunk of transactionChunks(items, (x) => actionBytes(x.action))) {
          const chunkUnits = [...new Set(chunk.map((x) => x.unit))];
          const ok = await this.attempt(what, () => this.table.submitTransaction(chunk.map((x) => x.action)));
          // One delivery's failed condition fails the whole transaction: write them one by one to learn which.
          const each = ok
            ? chunkUnits.map(() => true)
            : await mapConcurrently(chunkUnits, FALLBACK_CONCURRENCY, this.one(what));
          chunkUnits.forEach((u, i) => each[i] && written.add(u.key));
        }
      }),
    );
    return written;
  }

  /**
   * Writes one delivery's unit. An upsert drops the deletes of index rows found absent and, as it must land, tries
   * again while another writer changes those rows in between.
   */
  private one(what: string): (unit: Unit) => Promise<boolean> {
    return async (unit) => {
      const { delivery } = unit;
      if (unit.write !== "upsert" || !delivery)
        return this.attempt(what, () => this.table.submitTransaction(unit.actions));
      for (let tries = 1; ; tries++) {
        const present = await existingIndexRows(this.table, delivery);
        const actions = unit.actions.filter(([kind, row]) => kind !== "delete" || present.has(row.rowKey as string));
        if (await this.attempt(what, () => this.table.submitTransaction(actions))) return true;
        if (tries === UPSERT_TRIES)
          throw new AppError("CONFLICT", `${what}: index rows of ${delivery.webhookId} kept changing`);
      }
    };
  }

  /** Runs a write; false when a row's condition failed (409 exists, 412 changed, 404 gone or absent). */
  private async attempt(what: string, write: () => Promise<unknown>): Promise<boolean> {
    return conditionalWrite(what, write);
  }
}

function unitOf(
  target: Pick<Delivery, "subscriptionId" | "webhookId">,
  write: Unit["write"],
  actions: TransactionAction[],
  delivery?: Delivery,
): Unit {
  const partitionKey = partitionOf(target.subscriptionId, target.webhookId);
  return { key: `${partitionKey}/${deliveryKey(target.webhookId)}`, partitionKey, actions, write, delivery };
}
