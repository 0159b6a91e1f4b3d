// A subject's entries in the outbox table, for erasure: found through the subject index (outboxRows: a key-only row
// per entry in its partition, so a lookup reads one key range per partition and then the subject's own entries,
// never the rest of the table), and redacted in place, each row replaced only if unchanged since read (its ETag), so
// a state change the submitter or a confirmation writes meanwhile is never overwritten.
// Before redacting it changes the erasure mark and it returns only once every host has seen the change, so no host
// answers an erased record from its recent entries afterwards (erasureMark.ts).
import type { TableClient } from "@azure/data-tables";
import { AppError } from "../../domain/appError.js";
import type { OutboxEntry, SubjectOutbox } from "../../ports/outbox.js";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import {
  entryOfSubjectRow,
  openKey,
  openRow,
  OUTBOX_PARTITIONS,
  outboxKey,
  outboxRow,
  readOutboxRow,
  subjectFilter,
} from "./outboxRows.js";
import { ErasureMark } from "./erasureMark.js";
import type { RecentEntries } from "./recentEntries.js";
import { conditionalWrite, openTable, storageCall, storageCallOrNull, type TableSource } from "./tableSupport.js";

/** Times one row's redaction is tried again when the row changed between its read and its replacement. */
const MAX_REDACTION_TRIES = 5;
/** Point reads of a subject's entries in flight. */
const READ_CONCURRENCY = 16;

/** Opens the outbox table `tableName` for erasure; what it erases, `recent` (this process's cache) forgets. */
export async function openTableSubjectOutbox(
  source: TableSource,
  tableName: string,
  recent?: RecentEntries<OutboxEntry>,
): Promise<TableSubjectOutbox> {
  return new TableSubjectOutbox(await openTable(source, tableName), recent);
}

/** The SubjectOutbox over the outbox's Azure Table. */
export class TableSubjectOutbox implements SubjectOutbox {
  private readonly mark: ErasureMark;

  constructor(
    private readonly table: TableClient,
    private readonly recent?: RecentEntries<OutboxEntry>,
  ) {
    this.mark = new ErasureMark(table);
  }

  async entriesOf(subjectKey: string): Promise<OutboxEntry[]> {
    const indexed = await Promise.all(OUTBOX_PARTITIONS.map((p) => this.indexed(subjectFilter(p, subjectKey))));
    const rows = await mapConcurrently(indexed.flat(), READ_CONCURRENCY, (rowKey) => this.read(outboxKey(rowKey)));
    // An index row whose entry is gone (deleted by hand, or pruned while this read) stands for nothing.
    return rows.flatMap((row) => (row ? [readOutboxRow(row)] : []));
  }

  /** The row keys of the entries that one partition's subject-index rows matching `filter` stand for, every page. */
  private async indexed(filter: string): Promise<string[]> {
    return storageCall("read the subject index", async () => {
      const rowKeys: string[] = [];
      const rows = this.table.listEntities({ queryOptions: { filter, select: ["RowKey"] } });
      for await (const row of rows) rowKeys.push(entryOfSubjectRow(row.rowKey!));
      return rowKeys;
    });
  }

  async erase(entries: readonly OutboxEntry[], at: string): Promise<number> {
    if (entries.length === 0) return 0;
    const changedAt = await this.mark.change();
    let erased = 0;
    for (const entry of entries) {
      this.recent?.forget(entry.updateIdHash);
      const held = await this.redact(outboxKey(entry.updateIdHash), at, outboxRow);
      await this.redact(openKey(entry.updateIdHash), at, openRow);
      if (held) erased++;
    }
    await this.mark.outlast(changedAt);
    return erased;
  }

  /** Replaces the row at `key` by its redacted form (if it exists); whether it held a record. */
  private async redact(
    key: { partitionKey: string; rowKey: string },
    at: string,
    rowOf: (entry: OutboxEntry) => Record<string, unknown>,
  ): Promise<boolean> {
    for (let tries = 0; tries < MAX_REDACTION_TRIES; tries++) {
      const row = await this.read(key);
      if (!row) return false;
      const entry = readOutboxRow(row);
      if (entry.record === null && entry.salt === null && entry.erasedAt !== undefined) return false;
      const redacted = rowOf({ ...entry, record: null, salt: null, erasedAt: at });
      const written = await conditionalWrite("redact an outbox row", () =>
        this.table.updateEntity({ ...redacted, ...key }, "Replace", { etag: String(row["etag"]) }),
      );
      if (written) return entry.record !== null || entry.salt !== null;
    }
    throw new AppError("CONFLICT", `outbox row ${key.rowKey} kept changing during erasure`);
  }

  private async read(key: { partitionKey: string; rowKey: string }): Promise<Record<string, unknown> | null> {
    return storageCallOrNull("read an outbox row", () =>
      this.table.getEntity<Record<string, unknown>>(key.partitionKey, key.rowKey),
    );
  }
}
