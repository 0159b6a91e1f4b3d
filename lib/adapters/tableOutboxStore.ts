// The outbox in Azure Table storage: one row per update (16 partitions by the first hex digit of keccak(updateId))
// and a pending list (partition "~pending", ordered by acceptance time) that carries a copy of each waiting entry,
// so the submitter reads a whole batch with one query.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { FinalOutcome, OutboxEntry, OutboxStore } from "../ports.js";
import { isAppError } from "../domain/appError.js";
import { updateIdHash } from "../domain/recordInput.js";
import {
  byPartition,
  isAlreadyExists,
  openTable,
  type TableSource,
  storageCall,
  submitInChunks,
  toStorageError,
} from "./tableSupport.js";

const PENDING = "~pending";

interface Row {
  partitionKey: string;
  rowKey: string;
  entry: string;
  status: string;
  pendingKey?: string;
}

/** Opens (and creates) the outbox table. */
export async function openTableOutboxStore(source: TableSource, tableName: string): Promise<TableOutboxStore> {
  return new TableOutboxStore(await openTable(source, tableName));
}

/** The OutboxStore over an Azure Table. */
export class TableOutboxStore implements OutboxStore {
  constructor(private readonly table: TableClient) {}

  async add(entry: OutboxEntry): Promise<{ created: boolean; entry: OutboxEntry }> {
    try {
      await this.table.createEntity<Row>({ ...keyOf(entry.updateIdHash), ...encode(entry) });
    } catch (error) {
      if (!isAlreadyExists(error)) throw toStorageError(`add ${entry.updateId}`, error);
      const existing = await this.get(entry.updateId);
      if (existing) return { created: false, entry: existing };
      throw toStorageError(`add ${entry.updateId}`, error);
    }
    await this.ensurePending(entry);
    return { created: true, entry };
  }

  async get(updateId: string): Promise<OutboxEntry | null> {
    const key = keyOf(updateIdHash(updateId));
    try {
      const row = await this.table.getEntity<Row>(key.partitionKey, key.rowKey);
      return revive(row.entry);
    } catch (error) {
      const mapped = toStorageError(`get ${updateId}`, error);
      if (mapped.code === "NOT_FOUND") return null;
      throw mapped;
    }
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    const rows = this.table.listEntities<Row>({ queryOptions: { filter: `PartitionKey eq '${PENDING}'` } });
    await storageCall("list pending", async () => {
      for await (const page of rows.byPage({ maxPageSize: Math.min(limit, 1000) })) {
        for (const row of page) if (entries.length < limit) entries.push(revive(row.entry));
        if (entries.length >= limit) break;
      }
    });
    return entries;
  }

  async ensurePending(entry: OutboxEntry): Promise<void> {
    const row = {
      partitionKey: PENDING,
      rowKey: pendingKey(entry),
      entry: JSON.stringify(entry, bigints),
      status: entry.status,
    };
    await storageCall(`list ${entry.updateId} as pending`, () => this.table.upsertEntity<Row>(row, "Replace"));
  }

  async markSubmitted(
    entries: readonly OutboxEntry[],
    tx: { txHash: string; nonce: number; at: string },
  ): Promise<void> {
    const submitted = entries.map((e) => ({
      ...e,
      status: "submitted" as const,
      submittedAt: tx.at,
      txHash: tx.txHash,
      nonce: tx.nonce,
    }));
    await this.replaceAll(submitted);
    const deletes: TransactionAction[] = entries.map((e) => [
      "delete",
      { partitionKey: PENDING, rowKey: pendingKey(e) },
    ]);
    try {
      await submitInChunks(this.table, deletes, "remove submitted entries from the pending list");
    } catch (error) {
      // A retry after a crash finds some rows gone, which fails the whole transaction: delete one by one.
      if (!isAppError(error, "NOT_FOUND")) throw error;
      await Promise.all(entries.map((e) => this.removePending(e)));
    }
  }

  private async removePending(entry: OutboxEntry): Promise<void> {
    try {
      await this.table.deleteEntity(PENDING, pendingKey(entry));
    } catch (error) {
      const mapped = toStorageError(`remove ${entry.updateId} from the pending list`, error);
      if (mapped.code !== "NOT_FOUND") throw mapped;
    }
  }

  async markFinal(outcomes: readonly FinalOutcome[]): Promise<void> {
    const current = await Promise.all(outcomes.map((o) => this.get(o.updateId)));
    const finals = outcomes.flatMap((outcome, i) => {
      const entry = current[i];
      if (!entry) return [];
      const { at, ...rest } = outcome;
      return [{ ...entry, ...rest, finalAt: at }];
    });
    await this.replaceAll(finals);
  }

  async requeue(updateIds: readonly string[], at: string): Promise<void> {
    const current = await Promise.all(updateIds.map((id) => this.get(id)));
    const requeued = current.flatMap((entry) =>
      entry ? [{ ...entry, status: "accepted" as const, acceptedAt: at, requeues: (entry.requeues ?? 0) + 1 }] : [],
    );
    await this.replaceAll(requeued);
    for (const entry of requeued) await this.ensurePending(entry);
  }

  private async replaceAll(entries: readonly OutboxEntry[]): Promise<void> {
    const groups = byPartition(entries, (e) => keyOf(e.updateIdHash).partitionKey);
    await Promise.all(
      [...groups.values()].map((group) => {
        const actions: TransactionAction[] = group.map((e) => [
          "upsert",
          { ...keyOf(e.updateIdHash), ...encode(e) },
          "Replace",
        ]);
        return submitInChunks(this.table, actions, "update outbox entries");
      }),
    );
  }
}

function keyOf(hash: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: hash.slice(2, 3), rowKey: hash.slice(2) };
}

/** Oldest first: acceptance time (ms, zero-padded), then the update hash. */
function pendingKey(entry: OutboxEntry): string {
  return `${String(Date.parse(entry.acceptedAt)).padStart(15, "0")}_${entry.updateIdHash.slice(2)}`;
}

function encode(entry: OutboxEntry): Omit<Row, "partitionKey" | "rowKey"> {
  return { entry: JSON.stringify(entry, bigints), status: entry.status };
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}

function revive(json: string): OutboxEntry {
  return JSON.parse(json, (_key, value: unknown) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as OutboxEntry;
}
