// Read access to the outbox table that the distribution side needs and the OutboxStore does not offer: an entry by
// its on-chain update id (the row key), and for reconciliation the entries not yet final (the open index) and the
// final ones in order of their final time (the final index), both read per partition, never by a table scan.
import type { TableClient } from "@azure/data-tables";
import type { OutboxReader, StoredUpdate } from "../../ports/outbox.js";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import type { OutboxEntry } from "../../ports/outbox.js";
import type { RecentEntries } from "./recentEntries.js";
import { MarkedRecentEntries } from "./erasureMark.js";
import {
  finalPosition,
  indexFilter,
  OUTBOX_PARTITIONS,
  outboxKey,
  outboxRowKey,
  positionOf,
  readOutboxRow,
} from "./outboxRows.js";
import { openTable, storageCall, storageCallOrNull, type TableSource } from "./tableSupport.js";

/** Point reads in flight when a page of the final index is read. */
const READ_CONCURRENCY = 16;

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
  private readonly recent?: MarkedRecentEntries;

  constructor(
    private readonly table: TableClient,
    recent?: RecentEntries<OutboxEntry>,
  ) {
    if (recent) this.recent = new MarkedRecentEntries(table, recent);
  }

  async byUpdateIdHash(updateIdHash: string): Promise<StoredUpdate | null> {
    const hex = outboxRowKey(updateIdHash);
    if (!/^[0-9a-f]{64}$/.test(hex)) return null;
    return (await this.recent?.recall(hex)) ?? this.read(hex);
  }

  async unfinished(limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    const pages = await Promise.all(OUTBOX_PARTITIONS.map((p) => this.page(indexFilter(p, "open"), limit)));
    const rows = pages.flatMap((page) => page.rows).slice(0, limit);
    return rows.map(readOutboxRow).filter((e) => e.status === "accepted" || e.status === "submitted");
  }

  async finalized(
    from: { after: string } | { since: string },
    limit: number,
  ): Promise<{ entries: OutboxEntry[]; next: string | null }> {
    const after = "after" in from ? from.after : finalPosition(from.since, "");
    if (limit <= 0) return { entries: [], next: "after" in from ? after : null };
    const perPartition = Math.max(8, Math.ceil(limit / 8));
    const pages = await Promise.all(OUTBOX_PARTITIONS.map((p) => this.page(indexFilter(p, { after }), perPartition)));
    // A partition with more rows than read bounds the positions known complete: none of its rows past it were read.
    const bound = pages.reduce<string | null>((min, page) => {
      if (!page.more) return min;
      const last = page.rows.length > 0 ? positionOf(page.rows[page.rows.length - 1]!.rowKey as string) : after;
      return min === null || (last !== null && last < min) ? last : min;
    }, null);
    const positions = pages
      .flatMap((page) => page.rows.map((row) => positionOf(row.rowKey as string)))
      .filter((position) => bound === null || position <= bound)
      .sort()
      .slice(0, limit);
    const read = await mapConcurrently(positions, READ_CONCURRENCY, (position) => this.finalAt(position));
    const entries = read.filter((e): e is OutboxEntry => e !== null);
    return { entries, next: positions.at(-1) ?? ("after" in from ? after : null) };
  }

  /** The entry whose final outcome sits at `position`, if that is still its latest outcome. */
  private async finalAt(position: string): Promise<OutboxEntry | null> {
    const hash = position.slice(position.indexOf("~") + 1);
    const entry = await this.read(hash);
    if (entry?.finalAt === undefined || entry.status === "accepted" || entry.status === "submitted") return null;
    return finalPosition(entry.finalAt, hash) === position ? entry : null;
  }

  private async read(hex: string): Promise<OutboxEntry | null> {
    const key = outboxKey(hex);
    const row = await storageCallOrNull(`read outbox ${hex}`, () => this.table.getEntity(key.partitionKey, key.rowKey));
    return row ? readOutboxRow(row) : null;
  }

  /** The first page of up to `size` rows matching `filter`, and whether there are more. */
  private async page(filter: string, size: number): Promise<{ rows: Record<string, unknown>[]; more: boolean }> {
    return storageCall("read an outbox index", async () => {
      const pages = this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage({
        maxPageSize: Math.min(size, 1000),
      });
      const first = await pages.next();
      if (first.done) return { rows: [], more: false };
      return { rows: [...first.value], more: first.value.continuationToken !== undefined };
    });
  }
}
