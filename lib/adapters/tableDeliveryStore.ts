// Deliveries and their attempt log in Azure Table storage: a delivery row per (subscription, webhook id) in the
// subscription's partition, with `status` and `due` columns for the overdue query; attempts in a sibling partition
// `~attempts~<subscription>` keyed by webhook id and attempt number.
import type { TableClient } from "@azure/data-tables";
import type { Delivery, DeliveryAttempt, DeliveryStore } from "../distributionPorts.js";
import { docRow, getDoc, odata, queryDocs, safeKey } from "./tableDocuments.js";
import { isAlreadyExists, openTable, storageCall, toStorageError, type TableSource } from "./tableSupport.js";

/** Opens (and creates) the deliveries table. */
export async function openTableDeliveryStore(source: TableSource, tableName: string): Promise<TableDeliveryStore> {
  return new TableDeliveryStore(await openTable(source, tableName));
}

/** The DeliveryStore over an Azure Table. */
export class TableDeliveryStore implements DeliveryStore {
  constructor(private readonly table: TableClient) {}

  async add(delivery: Delivery): Promise<boolean> {
    try {
      await this.table.createEntity(row(delivery));
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw toStorageError(`add delivery ${delivery.webhookId}`, error);
    }
  }

  async get(subscriptionId: string, webhookId: string): Promise<Delivery | null> {
    return (await getDoc<Delivery>(this.table, safeKey(subscriptionId), safeKey(webhookId)))?.doc ?? null;
  }

  async put(delivery: Delivery): Promise<void> {
    await storageCall(`store delivery ${delivery.webhookId}`, () => this.table.upsertEntity(row(delivery), "Replace"));
  }

  async claim(delivery: Delivery): Promise<boolean> {
    const current = await getDoc<Delivery>(this.table, safeKey(delivery.subscriptionId), safeKey(delivery.webhookId));
    if (!current || current.doc.jobToken !== delivery.jobToken || current.doc.status !== "pending") return false;
    const claimed = { ...current.doc, jobToken: `${delivery.jobToken}#claimed` };
    try {
      await this.table.updateEntity(row(claimed), "Replace", { etag: current.etag });
      return true;
    } catch (error) {
      const mapped = toStorageError(`claim delivery ${delivery.webhookId}`, error);
      if (mapped.code === "CONFLICT") return false;
      throw mapped;
    }
  }

  async list(subscriptionId: string): Promise<Delivery[]> {
    return queryDocs<Delivery>(this.table, `PartitionKey eq ${odata(safeKey(subscriptionId))}`);
  }

  async overdue(before: string, limit: number): Promise<Delivery[]> {
    const found = await queryDocs<Delivery>(this.table, `status eq 'pending' and due lt ${odata(before)}`);
    return found.sort((a, b) => (due(a) < due(b) ? -1 : 1)).slice(0, limit);
  }

  async logAttempt(attempt: DeliveryAttempt): Promise<void> {
    const key = `${safeKey(attempt.webhookId)}_${String(attempt.attempt).padStart(6, "0")}`;
    const entity = docRow({ partitionKey: attemptsPartition(attempt.subscriptionId), rowKey: key }, attempt);
    await storageCall(`log attempt ${key}`, () => this.table.upsertEntity(entity, "Replace"));
  }

  async attempts(subscriptionId: string, webhookId: string): Promise<DeliveryAttempt[]> {
    const partition = odata(attemptsPartition(subscriptionId));
    const from = odata(`${webhookId}_`);
    const to = odata(`${webhookId}~`);
    return queryDocs<DeliveryAttempt>(
      this.table,
      `PartitionKey eq ${partition} and RowKey gt ${from} and RowKey lt ${to}`,
    );
  }
}

function row(delivery: Delivery) {
  return docRow({ partitionKey: safeKey(delivery.subscriptionId), rowKey: safeKey(delivery.webhookId) }, delivery, {
    status: delivery.status,
    due: due(delivery),
  });
}

function due(delivery: Delivery): string {
  return delivery.nextAttemptAt ?? delivery.createdAt;
}

function attemptsPartition(subscriptionId: string): string {
  return `~attempts~${safeKey(subscriptionId)}`;
}
