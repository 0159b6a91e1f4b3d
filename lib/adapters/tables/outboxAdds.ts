// New outbox entries, written as entity-group transactions per partition (a batch of updates costs a few storage
// requests instead of two per update), each entry whole in one transaction with its index rows (outboxRows: open
// copy, subject index); a transaction that fails because one entry exists falls back to one entry at a time,
// answering the stored entry for those that existed.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { OutboxEntry } from "../../ports/outbox.js";
import { openRow, outboxKey, outboxRow, subjectIndexKey } from "./outboxRows.js";
import { actionBytes, byPartition, isAlreadyExists, toStorageError, transactionChunks } from "./tableSupport.js";

/** Whether an entry was created, and the entry as stored. */
export type AddResult = { created: boolean; entry: OutboxEntry };

/** Creates the entries (distinct update ids), by update id hash; `get` reads one that existed. */
export async function createEntries(
  table: TableClient,
  entries: readonly OutboxEntry[],
  get: (updateId: string) => Promise<OutboxEntry | null>,
): Promise<Map<string, AddResult>> {
  const groups = byPartition(entries, (e) => outboxKey(e.updateIdHash).partitionKey);
  // Chunked by the actions themselves (count and bytes), an entry's rows never split across transactions.
  const chunks = [...groups.values()].flatMap((group) =>
    transactionChunks(
      group.map((entry) => creations(entry).map((action) => ({ entry, action }))),
      ({ action }) => actionBytes(action),
    ),
  );
  const stored = new Map<string, AddResult>();
  for (const results of await Promise.all(chunks.map((chunk) => createChunk(table, chunk, get))))
    for (const result of results) stored.set(result.entry.updateIdHash, result);
  return stored;
}

/** Creates one partition's entries in one transaction; if one exists (the transaction fails), one by one. */
async function createChunk(
  table: TableClient,
  chunk: readonly { entry: OutboxEntry; action: TransactionAction }[],
  get: (updateId: string) => Promise<OutboxEntry | null>,
): Promise<AddResult[]> {
  const entries = [...new Set(chunk.map(({ entry }) => entry))];
  try {
    await table.submitTransaction(chunk.map(({ action }) => action));
    return entries.map((entry) => ({ created: true, entry }));
  } catch (error) {
    if (!isAlreadyExists(error)) throw toStorageError(`add ${entries.length} outbox entries`, error);
    return Promise.all(entries.map((entry) => createOne(table, entry, get)));
  }
}

async function createOne(
  table: TableClient,
  entry: OutboxEntry,
  get: (updateId: string) => Promise<OutboxEntry | null>,
): Promise<AddResult> {
  try {
    await table.submitTransaction(creations(entry));
    return { created: true, entry };
  } catch (error) {
    if (!isAlreadyExists(error)) throw toStorageError(`add ${entry.updateId}`, error);
    const existing = await get(entry.updateId);
    if (existing) return { created: false, entry: existing };
    throw toStorageError(`add ${entry.updateId}`, error);
  }
}

/** A new entry's row, its open copy and, for an entry of a subject, its subject-index row. */
function creations(entry: OutboxEntry): TransactionAction[] {
  const subject = subjectIndexKey(entry);
  return [
    ["create", outboxRow(entry)],
    ["create", openRow(entry)],
    ...(subject ? [["create", subject] as TransactionAction] : []),
  ];
}
