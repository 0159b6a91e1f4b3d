// New outbox entries, written as entity-group transactions per partition (a batch of updates costs a few storage
// requests instead of two per update), each entry with its open copy (outboxRows); a transaction that fails because
// one entry exists falls back to one entry at a time, answering the stored entry for those that existed.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { OutboxEntry } from "../../ports/outbox.js";
import { openRow, outboxKey, outboxRow, type Row } from "./outboxRows.js";
import { actionBytes, byPartition, isAlreadyExists, toStorageError, transactionChunks } from "./tableSupport.js";

/** Most entries one transaction may carry, two rows each (its 4 MiB budget is enforced by size as well). */
const ENTRIES_PER_TRANSACTION = 50;

/** Whether an entry was created, and the entry as stored. */
export type AddResult = { created: boolean; entry: OutboxEntry };

/** Creates the entries (distinct update ids), by update id hash; `get` reads one that existed. */
export async function createEntries(
  table: TableClient,
  entries: readonly OutboxEntry[],
  get: (updateId: string) => Promise<OutboxEntry | null>,
): Promise<Map<string, AddResult>> {
  const groups = byPartition(entries, (e) => outboxKey(e.updateIdHash).partitionKey);
  const chunks = [...groups.values()].flatMap((group) =>
    transactionChunks(
      group.map((entry) => [{ entry, row: outboxRow(entry) }]),
      ({ row }) => 2 * actionBytes(["create", row]),
    ).flatMap((chunk) => inChunks(chunk, ENTRIES_PER_TRANSACTION)),
  );
  const stored = new Map<string, AddResult>();
  for (const results of await Promise.all(chunks.map((chunk) => createChunk(table, chunk, get))))
    for (const result of results) stored.set(result.entry.updateIdHash, result);
  return stored;
}

/** Creates one partition's rows in one transaction; if one exists (the transaction fails), one by one. */
async function createChunk(
  table: TableClient,
  chunk: readonly { entry: OutboxEntry; row: Row }[],
  get: (updateId: string) => Promise<OutboxEntry | null>,
): Promise<AddResult[]> {
  const actions = chunk.flatMap(({ entry }) => creations(entry));
  try {
    await table.submitTransaction(actions);
    return chunk.map(({ entry }) => ({ created: true, entry }));
  } catch (error) {
    if (!isAlreadyExists(error)) throw toStorageError(`add ${chunk.length} outbox entries`, error);
    return Promise.all(chunk.map(({ entry }) => createOne(table, entry, get)));
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

/** A new entry's row and its open copy. */
function creations(entry: OutboxEntry): TransactionAction[] {
  return [
    ["create", outboxRow(entry)],
    ["create", openRow(entry)],
  ];
}

function inChunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
