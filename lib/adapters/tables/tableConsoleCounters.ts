// The console's counter rows in an Azure Table: one partition per UTC minute (`yyyyMMddHHmm`, so a window is one
// PartitionKey range and pruning walks the oldest first), one row per pipeline step; and, in partition `enqueue`,
// each transaction's enqueue times until its confirmation reads and deletes them.
import type { TableClient } from "@azure/data-tables";
import type { ConsoleCounters, CounterRow } from "../../ports/console.js";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import { minuteStart } from "../../domain/minuteSeries.js";
import { deleteRow, odata, safeKey } from "./tableDocuments.js";
import { openTable, storageCall, type TableSource } from "./tableSupport.js";

const ENQUEUE_PARTITION = "enqueue";

/** Opens (and creates) the counters table. */
export async function openTableConsoleCounters(source: TableSource, tableName: string): Promise<TableConsoleCounters> {
  return new TableConsoleCounters(await openTable(source, tableName));
}

/** ConsoleCounters over an Azure Table. */
export class TableConsoleCounters implements ConsoleCounters {
  constructor(private readonly table: TableClient) {}

  async put(row: CounterRow): Promise<void> {
    const entity = {
      partitionKey: row.minute,
      rowKey: safeKey(row.key),
      counts: JSON.stringify(row.counts),
      ...(row.latencies ? { latencies: JSON.stringify(row.latencies) } : {}),
      ...(row.notes ? { notes: JSON.stringify(row.notes) } : {}),
    };
    await storageCall("store console counters", () => this.table.upsertEntity(entity, "Replace"));
  }

  async read(fromMinute: string, toMinute: string): Promise<CounterRow[]> {
    const filter = `PartitionKey ge ${odata(fromMinute)} and PartitionKey le ${odata(toMinute)}`;
    const rows: CounterRow[] = [];
    await storageCall("read console counters", async () => {
      for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        rows.push({
          minute: String(e.partitionKey),
          key: String(e.rowKey),
          counts: parsed(e["counts"]) ?? {},
          latencies: parsed(e["latencies"]),
          notes: parsed(e["notes"]),
        });
      }
    });
    return rows;
  }

  async prune(beforeMinute: string, limit: number): Promise<number> {
    // Enqueue times of a transaction whose confirmation never ran to the end go with the minutes of their age.
    const before = minuteStart(beforeMinute).toISOString();
    const old = `PartitionKey eq ${odata(ENQUEUE_PARTITION)} and Timestamp lt datetime'${before}'`;
    const filter = `PartitionKey lt ${odata(beforeMinute)} or (${old})`;
    const keys: [string, string][] = [];
    await storageCall("list old console counters", async () => {
      const list = this.table.listEntities({ queryOptions: { filter, select: ["PartitionKey", "RowKey"] } });
      for await (const e of list) {
        keys.push([String(e.partitionKey), String(e.rowKey)]);
        if (keys.length >= limit) break;
      }
    });
    const removed = await mapConcurrently(keys, 16, ([p, r]) => deleteRow(this.table, p, r));
    return removed.filter(Boolean).length;
  }

  async putEnqueueTimes(nonce: number, enqueuedAtInMs: readonly number[]): Promise<void> {
    const entity = { partitionKey: ENQUEUE_PARTITION, rowKey: nonceKey(nonce), times: JSON.stringify(enqueuedAtInMs) };
    await storageCall("store enqueue times", () => this.table.upsertEntity(entity, "Replace"));
  }

  async takeEnqueueTimes(nonce: number): Promise<number[]> {
    const entity = await storageCall("read enqueue times", async () => {
      try {
        return await this.table.getEntity<{ times?: string }>(ENQUEUE_PARTITION, nonceKey(nonce));
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return null;
        throw error;
      }
    });
    if (!entity) return [];
    await deleteRow(this.table, ENQUEUE_PARTITION, nonceKey(nonce));
    return parsed<number[]>(entity.times) ?? [];
  }
}

function nonceKey(nonce: number): string {
  return String(nonce).padStart(12, "0");
}

function parsed<T>(column: unknown): T | undefined {
  return typeof column === "string" ? (JSON.parse(column) as T) : undefined;
}
