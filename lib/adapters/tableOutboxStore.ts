// The outbox in Azure Table storage: one row per update (16 partitions by the first hex digit of keccak(updateId))
// holding the immutable record as JSON and its changing state as columns, so state transitions are blind Merge
// writes batched per partition (no read first); and a pending list (partition "~pending", ordered by acceptance
// time) that carries a copy of each waiting entry, so the submitter reads a whole batch with one query.
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

/** The fields of an entry that change after it is stored, kept as columns. */
const STATE_FIELDS = [
  "status",
  "acceptedAt",
  "submittedAt",
  "finalAt",
  "txHash",
  "nonce",
  "blockNumber",
  "reason",
  "requeues",
] as const;
type State = Partial<Pick<OutboxEntry, (typeof STATE_FIELDS)[number]>>;

interface Row extends State {
  partitionKey: string;
  rowKey: string;
  entry: string;
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
      await this.table.createEntity<Row>({ ...keyOf(entry.updateIdHash), entry: stringify(entry), ...stateOf(entry) });
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
      return { ...revive(row.entry), ...stateOf(row) };
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
    const row = { partitionKey: PENDING, rowKey: pendingKey(entry), entry: stringify(entry) };
    await storageCall(`list ${entry.updateId} as pending`, () => this.table.upsertEntity<Row>(row, "Replace"));
  }

  async markSubmitted(
    entries: readonly OutboxEntry[],
    tx: { txHash: string; nonce: number; at: string },
  ): Promise<void> {
    const state: State = { status: "submitted", submittedAt: tx.at, txHash: tx.txHash, nonce: tx.nonce };
    await this.mergeState(entries.map((e) => ({ hash: e.updateIdHash, state })));
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

  async markFinal(outcomes: readonly FinalOutcome[]): Promise<void> {
    await this.mergeState(
      outcomes.map(({ updateId, at, ...rest }) => ({ hash: updateIdHash(updateId), state: { ...rest, finalAt: at } })),
    );
  }

  async requeue(updateIds: readonly string[], at: string): Promise<void> {
    const current = await Promise.all(updateIds.map((id) => this.get(id)));
    const requeued = current.flatMap((entry) =>
      entry ? [{ ...entry, status: "accepted" as const, acceptedAt: at, requeues: (entry.requeues ?? 0) + 1 }] : [],
    );
    await this.mergeState(requeued.map((e) => ({ hash: e.updateIdHash, state: stateOf(e) })));
    for (const entry of requeued) await this.ensurePending(entry);
  }

  private async removePending(entry: OutboxEntry): Promise<void> {
    try {
      await this.table.deleteEntity(PENDING, pendingKey(entry));
    } catch (error) {
      const mapped = toStorageError(`remove ${entry.updateId} from the pending list`, error);
      if (mapped.code !== "NOT_FOUND") throw mapped;
    }
  }

  /** Blind Merge writes of state columns, one entity-group transaction per partition (up to 100 rows each). */
  private async mergeState(changes: readonly { hash: string; state: State }[]): Promise<void> {
    const groups = byPartition(changes, (c) => keyOf(c.hash).partitionKey);
    await Promise.all(
      [...groups.values()].map((group) => {
        const actions: TransactionAction[] = group.map((c) => [
          "update",
          { ...keyOf(c.hash), ...defined(c.state) },
          "Merge",
        ]);
        return submitInChunks(this.table, actions, "update outbox entries").catch(async (error: unknown) => {
          // A missing row (deleted by hand) fails its whole transaction: update the others one by one.
          if (!isAppError(error, "NOT_FOUND")) throw error;
          await Promise.all(group.map((c) => this.mergeOne(c.hash, c.state)));
        });
      }),
    );
  }

  private async mergeOne(hash: string, state: State): Promise<void> {
    try {
      await this.table.updateEntity({ ...keyOf(hash), ...defined(state) }, "Merge");
    } catch (error) {
      const mapped = toStorageError(`update outbox entry ${hash}`, error);
      if (mapped.code !== "NOT_FOUND") throw mapped;
    }
  }
}

function keyOf(hash: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: hash.slice(2, 3), rowKey: hash.slice(2) };
}

/** Oldest first: acceptance time (ms, zero-padded), then the update hash. */
function pendingKey(entry: OutboxEntry): string {
  return `${String(Date.parse(entry.acceptedAt)).padStart(15, "0")}_${entry.updateIdHash.slice(2)}`;
}

function stateOf(source: State): State {
  return defined(Object.fromEntries(STATE_FIELDS.map((field) => [field, source[field]])) as State);
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function stringify(entry: OutboxEntry): string {
  return JSON.stringify(entry, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value));
}

function revive(json: string): OutboxEntry {
  return JSON.parse(json, (_key, value: unknown) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as OutboxEntry;
}
