// A subject's entries in the outbox table, for erasure: found by the `subjectKey` column (a filter over the table:
// erasure is rare and on request, not a recurring step), and redacted in place, each row replaced only if unchanged
// since read (its ETag), so a state change the submitter or a confirmation writes meanwhile is never overwritten.
// Before redacting it changes the erasure mark and it returns only once every host has seen the change, so no host
// answers an erased record from its recent entries afterwards (erasureMark.ts).
import type { TableClient } from "@azure/data-tables";
import { AppError } from "../../domain/appError.js";
import type { OutboxEntry, SubjectOutbox } from "../../ports/outbox.js";
import { isEntryRow, openKey, openRow, outboxKey, outboxRow, readOutboxRow, SUBJECT_COLUMN } from "./outboxRows.js";
import { ErasureMark } from "./erasureMark.js";
import type { RecentEntries } from "./recentEntries.js";
import { odata } from "./tableDocuments.js";
import { conditionalWrite, openTable, storageCall, storageCallOrNull, type TableSource } from "./tableSupport.js";

/** Times one row's redaction is tried again when the row changed between its read and its replacement. */
const MAX_REDACTION_TRIES = 5;

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
    const filter = `${SUBJECT_COLUMN} eq ${odata(subjectKey.toLowerCase())}`;
    const found: OutboxEntry[] = [];
    await storageCall("find a subject's outbox entries", async () => {
      for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        if (isEntryRow(String(row.rowKey))) found.push(readOutboxRow(row));
      }
    });
    return found;
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
