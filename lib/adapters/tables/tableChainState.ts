// Chain-derived state in Azure Table storage: checkpoints (partition `checkpoint`, ETag-guarded) and the record
// index, the newest record event per subject and issuer, in 16 partitions (the subject key's first hex digit; row
// `<subject key>_<issuer>`, both lower case) so a page of events is written in a few transactions. The index mark
// (row `~index` of the checkpoint partition) is a block above every indexed event: a range starting at or above it
// only holds newer events, which are written without reading; a range below it (a replay) is compared row by row.
import type { TableClient } from "@azure/data-tables";
import type { Checkpoint, CheckpointStore, RecordIndex } from "../../ports/distribution.js";
import { AppError } from "../../domain/appError.js";
import { RECORD_CONFIRMED, type ChainRecordEvent } from "../../domain/webhookEvents.js";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import { docRow, getDoc, safeKey } from "./tableDocuments.js";
import {
  byPartition,
  isAlreadyExists,
  openTable,
  submitInChunks,
  toStorageError,
  type TableSource,
} from "./tableSupport.js";

const CHECKPOINTS = "checkpoint";
const INDEX_MARK = "~index";
/** Index reads in flight while a replayed range is compared with what is stored. */
const READ_CONCURRENCY = 16;

/** Opens (and creates) the chain-state table. */
export async function openTableChainState(source: TableSource, tableName: string): Promise<TableChainState> {
  return new TableChainState(await openTable(source, tableName));
}

/** Checkpoints and the record index over one Azure Table. */
export class TableChainState implements CheckpointStore, RecordIndex {
  constructor(private readonly table: TableClient) {}

  async get(key: string): Promise<(Checkpoint & { version: string }) | { nextBlock: null; version: null }> {
    const found = await getDoc<Checkpoint>(this.table, CHECKPOINTS, safeKey(key));
    if (!found) return { nextBlock: null, version: null };
    return { ...found.doc, version: found.etag };
  }

  async set(key: string, checkpoint: Checkpoint, version: string | null): Promise<string> {
    const entity = docRow({ partitionKey: CHECKPOINTS, rowKey: safeKey(key) }, checkpoint);
    try {
      const written =
        version === null
          ? await this.table.createEntity(entity)
          : await this.table.updateEntity(entity, "Replace", { etag: version });
      return written.etag ?? "";
    } catch (error) {
      if (isAlreadyExists(error)) throw new AppError("CONFLICT", `checkpoint ${key} was created by another writer`);
      throw toStorageError(`set checkpoint ${key}`, error);
    }
  }

  async putRange(range: { fromBlock: number; toBlock: number }, events: readonly ChainRecordEvent[]): Promise<void> {
    if (events.length === 0) return;
    const newest = [...newestPerKey(events).values()];
    const mark = await this.get(INDEX_MARK);
    const ahead = range.fromBlock >= (mark.nextBlock ?? 0);
    // The mark moves first, so a retry after a crash mid-write finds its range below the mark and compares.
    if ((mark.nextBlock ?? 0) <= range.toBlock)
      await this.set(INDEX_MARK, { nextBlock: range.toBlock + 1 }, mark.version);
    const changed = ahead ? newest : await this.newerThanStored(newest);
    const groups = byPartition(changed, (e) => indexKey(e.subjectKey, e.issuer).partitionKey);
    await Promise.all(
      [...groups.values()].map((group) =>
        submitInChunks(
          this.table,
          group.map((e) => ["upsert", docRow(indexKey(e.subjectKey, e.issuer), e), "Replace"]),
          `index ${group.length} record events`,
        ),
      ),
    );
  }

  async latest(subjectKey: string, issuer: string): Promise<ChainRecordEvent | null> {
    const { partitionKey, rowKey } = indexKey(subjectKey, issuer);
    const found = await getDoc<ChainRecordEvent>(this.table, partitionKey, rowKey);
    // The index holds record events only (rows written before events carried a type have none).
    return found ? { ...found.doc, type: RECORD_CONFIRMED } : null;
  }

  private async newerThanStored(events: readonly ChainRecordEvent[]): Promise<ChainRecordEvent[]> {
    const stored = await mapConcurrently(events, READ_CONCURRENCY, (e) => this.latest(e.subjectKey, e.issuer));
    return events.filter((e, i) => {
      const current = stored[i];
      return !current || position(current) < position(e);
    });
  }
}

function indexKey(subjectKey: string, issuer: string): { partitionKey: string; rowKey: string } {
  const subject = safeKey(subjectKey.toLowerCase());
  return {
    partitionKey: subject.replace(/^0x/, "").slice(0, 1),
    rowKey: `${subject}_${safeKey(issuer.toLowerCase())}`,
  };
}

/** The newest event per subject and issuer. */
function newestPerKey(events: readonly ChainRecordEvent[]): Map<string, ChainRecordEvent> {
  const newest = new Map<string, ChainRecordEvent>();
  for (const event of events) {
    const key = indexKey(event.subjectKey, event.issuer).rowKey;
    const current = newest.get(key);
    if (!current || position(current) < position(event)) newest.set(key, event);
  }
  return newest;
}

function position(event: ChainRecordEvent): number {
  return event.blockNumber * 1_000_000 + event.logIndex;
}
