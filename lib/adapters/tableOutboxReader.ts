// Read access to the outbox table that the distribution side needs and the OutboxStore does not offer: an entry by
// its on-chain update id (the row key), and scans by status for reconciliation. Rows are read with the store's own
// layout (outboxRows), state columns included.
import type { TableClient } from "@azure/data-tables";
import type { OutboxReader, StoredUpdate } from "../distributionPorts.js";
import type { OutboxEntry, UpdateStatus } from "../ports.js";
import type { RecentEntries } from "./recentEntries.js";
import { outboxKey, readOutboxRow } from "./outboxRows.js";
import { openTable, storageCall, toStorageError, type TableSource } from "./tableSupport.js";

/** Opens the outbox table for reading; entries this process stored lately come from `recent` without a request. */
export async function openTableOutboxReader(
  source: TableSource,
  tableName: string,
  recent?: RecentEntries<OutboxEntry>,
): Promise<TableOutboxReader> {
  return new TableOutboxReader(await openTable(source, tableName), recent);
}

/** The OutboxReader over the outbox's Azure Table (same layout as TableOutboxStore). */
export class TableOutboxReader implements OutboxReader {
  constructor(
    private readonly table: TableClient,
    private readonly recent?: RecentEntries<OutboxEntry>,
  ) {}

  async byUpdateIdHash(updateIdHash: string): Promise<StoredUpdate | null> {
    const hex = updateIdHash.toLowerCase().replace(/^0x/, "");
    if (!/^[0-9a-f]{64}$/.test(hex)) return null;
    const recent = this.recent?.recall(hex);
    if (recent) return recent;
    try {
      const key = outboxKey(hex);
      return readOutboxRow(await this.table.getEntity(key.partitionKey, key.rowKey));
    } catch (error) {
      const mapped = toStorageError(`read outbox ${hex}`, error);
      if (mapped.code === "NOT_FOUND") return null;
      throw mapped;
    }
  }

  async scan(statuses: readonly UpdateStatus[], limit: number): Promise<OutboxEntry[]> {
    // An empty filter would list the whole table.
    if (statuses.length === 0 || limit <= 0) return [];
    const filter = statuses.map((s) => `status eq '${s}'`).join(" or ");
    const found: OutboxEntry[] = [];
    await storageCall("scan the outbox", async () => {
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        found.push(readOutboxRow(row));
        if (found.length >= limit) break;
      }
    });
    return found;
  }
}
