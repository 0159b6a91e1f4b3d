// Subscriptions in Azure Table storage: one partition, one row per subscription id, the subscription as a JSON
// document (secret versions only; secret values live in Key Vault). An id that cannot be a row key is refused at
// create (INVALID_MESSAGE) and simply not found by the other methods (it may come from a route).
import type { TableClient } from "@azure/data-tables";
import type { Subscription, SubscriptionStore } from "../../ports/subscriptions.js";
import { AppError } from "../../domain/appError.js";
import { deleteRow, docRow, getDoc, isSafeKey, odata, queryDocs, safeKey } from "./tableDocuments.js";
import { openTable, storageCall, type TableSource } from "./tableSupport.js";

const PARTITION = "subscription";

/** Opens (and creates) the subscriptions table. */
export async function openTableSubscriptionStore(
  source: TableSource,
  tableName: string,
): Promise<TableSubscriptionStore> {
  return new TableSubscriptionStore(await openTable(source, tableName));
}

/** The SubscriptionStore over an Azure Table. */
export class TableSubscriptionStore implements SubscriptionStore {
  constructor(private readonly table: TableClient) {}

  async create(subscription: Subscription): Promise<void> {
    const row = docRow({ partitionKey: PARTITION, rowKey: safeKey(subscription.id) }, subscription, {
      state: subscription.state,
    });
    await storageCall(`create subscription ${subscription.id}`, () => this.table.createEntity(row));
  }

  async get(id: string): Promise<Subscription | null> {
    if (!isSafeKey(id)) return null;
    return (await getDoc<Subscription>(this.table, PARTITION, safeKey(id)))?.doc ?? null;
  }

  async list(): Promise<Subscription[]> {
    return queryDocs<Subscription>(this.table, `PartitionKey eq ${odata(PARTITION)}`);
  }

  async put(subscription: Subscription): Promise<void> {
    if (!isSafeKey(subscription.id)) throw new AppError("NOT_FOUND", `no subscription ${subscription.id}`);
    const row = docRow({ partitionKey: PARTITION, rowKey: safeKey(subscription.id) }, subscription, {
      state: subscription.state,
    });
    await storageCall(`update subscription ${subscription.id}`, () => this.table.updateEntity(row, "Replace"));
  }

  async delete(id: string): Promise<boolean> {
    if (!isSafeKey(id)) return false;
    return deleteRow(this.table, PARTITION, safeKey(id));
  }
}
