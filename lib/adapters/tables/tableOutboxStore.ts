// The outbox in Azure Table storage: one row per update (16 partitions by the first hex digit of keccak(updateId))
// holding the immutable record as a document (tableDocuments) and its changing state as columns, so state transitions are blind Merge
// writes batched per partition (no read first); and a pending list in a sibling table `<outbox>pending` (one
// partition, ordered by acceptance time) that carries a copy of each waiting entry, so the submitter reads a whole
// batch with one query that never touches the (ever-growing) history. New entries are written as entity-group
// transactions per partition, so a batch of updates costs a few storage requests instead of two per update; each
// write keeps the entry's index rows (outboxRows: open copy, final index) in the same transaction.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { FinalOutcome, OutboxEntry, OutboxStore } from "../../ports/outbox.js";
import { updateIdHash } from "../../domain/recordInput.js";
import {
  defined,
  finalKey,
  openKey,
  openRow,
  outboxKey as keyOf,
  outboxRow,
  PENDING_PARTITION,
  pendingKey,
  pendingRow,
  readOutboxRow,
  stateOf,
  type OutboxState as State,
  type Row,
} from "./outboxRows.js";
import { writeUnits, type Unit } from "./outboxUnits.js";
import type { RecentEntries } from "./recentEntries.js";
import { pruneOutbox } from "./tableOutboxRetention.js";
import {
  actionBytes,
  byPartition,
  isAlreadyExists,
  openTable,
  storageCall,
  storageCallOrNull,
  submitInChunks,
  type TableSource,
  toStorageError,
  transactionChunks,
} from "./tableSupport.js";

/** The pending-list column marking a re-listing, which the submitter's read checks against the outbox. */
const RELISTED = "relisted";
/** Most entries one transaction may carry, two rows each (its 4 MiB budget is enforced by size as well). */
const ENTRIES_PER_TRANSACTION = 50;

/** Opens (and creates) the outbox table and its pending list `<tableName>pending`; new entries go to `recent` too. */
export async function openTableOutboxStore(
  source: TableSource,
  tableName: string,
  recent?: RecentEntries<OutboxEntry>,
): Promise<TableOutboxStore> {
  const [table, pendingList] = await Promise.all([
    openTable(source, tableName),
    openTable(source, `${tableName}pending`),
  ]);
  return new TableOutboxStore(table, pendingList, recent);
}

/** The OutboxStore over an Azure Table. */
export class TableOutboxStore implements OutboxStore {
  constructor(
    private readonly table: TableClient,
    private readonly pendingList: TableClient,
    private readonly recent?: RecentEntries<OutboxEntry>,
  ) {}

  prune(before: string, limit: number): Promise<number> {
    return pruneOutbox(this.table, before, limit);
  }

  async add(entry: OutboxEntry): Promise<AddResult> {
    return (await this.addMany([entry]))[0] as AddResult;
  }

  /** Stores the new entries (a repeated update id in `entries` counts as existing); results in input order. */
  async addMany(entries: readonly OutboxEntry[]): Promise<AddResult[]> {
    const firsts = new Map<string, OutboxEntry>();
    for (const e of entries) if (!firsts.has(e.updateIdHash)) firsts.set(e.updateIdHash, e);
    const groups = byPartition([...firsts.values()], (e) => keyOf(e.updateIdHash).partitionKey);
    const chunks = [...groups.values()].flatMap((group) =>
      transactionChunks(
        group.map((entry) => [{ entry, row: outboxRow(entry) }]),
        ({ row }) => 2 * actionBytes(["create", row]),
      ).flatMap((chunk) => inChunks(chunk, ENTRIES_PER_TRANSACTION)),
    );
    const stored = new Map<string, AddResult>();
    for (const results of await Promise.all(chunks.map((chunk) => this.createChunk(chunk))))
      for (const result of results) stored.set(result.entry.updateIdHash, result);
    const created = [...stored.values()].filter((r) => r.created).map((r) => r.entry);
    for (const entry of created) this.recent?.remember(entry.updateIdHash, entry);
    await this.listPending(created);
    return entries.map((e) => {
      const result = stored.get(e.updateIdHash) as AddResult;
      return firsts.get(e.updateIdHash) === e ? result : { created: false, entry: result.entry };
    });
  }

  /** Creates one partition's rows in one transaction; if one exists (the transaction fails), one by one. */
  private async createChunk(chunk: readonly { entry: OutboxEntry; row: Row }[]): Promise<AddResult[]> {
    const actions = chunk.flatMap(({ entry }) => creations(entry));
    try {
      await this.table.submitTransaction(actions);
      return chunk.map(({ entry }) => ({ created: true, entry }));
    } catch (error) {
      if (!isAlreadyExists(error)) throw toStorageError(`add ${chunk.length} outbox entries`, error);
      return Promise.all(chunk.map(({ entry }) => this.createOne(entry)));
    }
  }

  private async createOne(entry: OutboxEntry): Promise<AddResult> {
    try {
      await this.table.submitTransaction(creations(entry));
      return { created: true, entry };
    } catch (error) {
      if (!isAlreadyExists(error)) throw toStorageError(`add ${entry.updateId}`, error);
      const existing = await this.get(entry.updateId);
      if (existing) return { created: false, entry: existing };
      throw toStorageError(`add ${entry.updateId}`, error);
    }
  }

  async get(updateId: string): Promise<OutboxEntry | null> {
    const key = keyOf(updateIdHash(updateId));
    const row = await storageCallOrNull(`get ${updateId}`, () => this.table.getEntity(key.partitionKey, key.rowKey));
    return row ? readOutboxRow(row) : null;
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const rows: Record<string, unknown>[] = [];
    const filter = `PartitionKey eq '${PENDING_PARTITION}'`;
    const list = this.pendingList.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
    await storageCall("list pending", async () => {
      for await (const page of list.byPage({ maxPageSize: Math.min(limit, 1000) })) {
        rows.push(...page.slice(0, limit - rows.length));
        if (rows.length >= limit) break;
      }
    });
    const checked = await Promise.all(rows.map((row) => this.stillWaiting(row)));
    return checked.filter((entry): entry is OutboxEntry => entry !== null);
  }

  /**
   * The entry a pending row lists. A re-listing (ingest replay, reconciliation, requeue) may have raced the
   * submitter, so its row is checked against the outbox: if the update has moved on, the stale listing is removed.
   */
  private async stillWaiting(row: Record<string, unknown>): Promise<OutboxEntry | null> {
    const listed = readOutboxRow(row);
    if (row[RELISTED] !== true) return listed;
    const current = await this.get(listed.updateId);
    if (current?.status === "accepted") return current;
    await this.removePending(listed);
    return null;
  }

  async ensurePending(entry: OutboxEntry): Promise<boolean> {
    const current = await this.get(entry.updateId);
    if (current?.status !== "accepted") return false;
    await this.listPending([current], true);
    return true;
  }

  /** Upserts pending-list rows (one partition) in transactions of up to 100 operations; re-listings are marked. */
  private async listPending(entries: readonly OutboxEntry[], relisted = false): Promise<void> {
    const actions: TransactionAction[] = entries.map((e) => [
      "upsert",
      relisted ? { ...pendingRow(e), [RELISTED]: true } : pendingRow(e),
      "Replace",
    ]);
    await submitInChunks(this.pendingList, actions, `list ${entries.length} entries as pending`);
  }

  async markSubmitted(
    entries: readonly OutboxEntry[],
    tx: { txHash: string; nonce: number; at: string },
  ): Promise<void> {
    const state: State = { status: "submitted", submittedAt: tx.at, txHash: tx.txHash, nonce: tx.nonce };
    const units = entries.map((e) =>
      stateUnit(e.updateIdHash, state, [["update", { ...openKey(e.updateIdHash), ...state }, "Merge"]]),
    );
    // Both at once (different tables): if either fails, the transaction stays `signed` and the submitter's next step
    // announces it again, which repeats both.
    await Promise.all([writeUnits(this.table, units, "mark entries submitted"), this.unlist(entries)]);
  }

  /** Removes entries from the pending list (those already gone are skipped). */
  async unlist(entries: readonly OutboxEntry[]): Promise<void> {
    const deletes: TransactionAction[] = entries.map((e) => ["delete", pendingKey(e)]);
    const what = "remove submitted entries from the pending list";
    const removed = await storageCallOrNull(what, async () => {
      await submitInChunks(this.pendingList, deletes, what);
      return true;
    });
    // A retry after a crash finds some rows gone, which fails the whole transaction: delete one by one.
    if (removed === null) await Promise.all(entries.map((e) => this.removePending(e)));
  }

  async markFinal(outcomes: readonly FinalOutcome[]): Promise<void> {
    const units = outcomes.map(({ updateId, at, ...rest }) => {
      const hash = updateIdHash(updateId);
      const indexes: TransactionAction[] = [
        ["delete", openKey(hash)],
        ["upsert", finalKey(at, hash), "Replace"],
      ];
      return stateUnit(hash, { ...rest, finalAt: at }, indexes);
    });
    await writeUnits(this.table, units, "record final outcomes");
  }

  async requeue(updateIds: readonly string[], at: string): Promise<void> {
    const current = await Promise.all(updateIds.map((id) => this.get(id)));
    const requeued = current.flatMap((entry) =>
      entry ? [{ ...entry, status: "accepted" as const, acceptedAt: at, requeues: (entry.requeues ?? 0) + 1 }] : [],
    );
    const units = requeued.map((e) => stateUnit(e.updateIdHash, stateOf(e), [["upsert", openRow(e), "Replace"]]));
    await writeUnits(this.table, units, "requeue outbox entries");
    await this.listPending(requeued, true);
  }

  private async removePending(entry: OutboxEntry): Promise<void> {
    const key = pendingKey(entry);
    await storageCallOrNull(`remove ${entry.updateId} from the pending list`, () =>
      this.pendingList.deleteEntity(key.partitionKey, key.rowKey),
    );
  }
}

type AddResult = { created: boolean; entry: OutboxEntry };

/** A new entry's row and its open copy. */
function creations(entry: OutboxEntry): TransactionAction[] {
  return [
    ["create", outboxRow(entry)],
    ["create", openRow(entry)],
  ];
}

/** A blind Merge of an entry's state columns (no read first), then `indexes` on its index rows. */
function stateUnit(hash: string, state: State, indexes: TransactionAction[]): Unit {
  const key = keyOf(hash);
  return { partitionKey: key.partitionKey, actions: [["update", { ...key, ...defined(state) }, "Merge"], ...indexes] };
}

function inChunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
