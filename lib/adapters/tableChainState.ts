// Chain-derived state in Azure Table storage: checkpoints (partition `checkpoint`, ETag-guarded) and the record
// index (partition = subject key, row = issuer) that keeps the newest record event per subject and issuer.
import type { TableClient } from "@azure/data-tables";
import type { CheckpointStore, RecordIndex } from "../distributionPorts.js";
import { AppError } from "../domain/appError.js";
import type { ChainRecordEvent } from "../domain/webhook.js";
import { docRow, getDoc, safeKey } from "./tableDocuments.js";
import { isAlreadyExists, openTable, storageCall, toStorageError, type TableSource } from "./tableSupport.js";

const CHECKPOINTS = "checkpoint";

/** Opens (and creates) the chain-state table. */
export async function openTableChainState(source: TableSource, tableName: string): Promise<TableChainState> {
  return new TableChainState(await openTable(source, tableName));
}

/** Checkpoints and the record index over one Azure Table. */
export class TableChainState implements CheckpointStore, RecordIndex {
  constructor(private readonly table: TableClient) {}

  async get(key: string): Promise<{ nextBlock: number | null; version: string | null }> {
    const found = await getDoc<{ nextBlock: number }>(this.table, CHECKPOINTS, safeKey(key));
    return found ? { nextBlock: found.doc.nextBlock, version: found.etag } : { nextBlock: null, version: null };
  }

  async set(key: string, nextBlock: number, version: string | null): Promise<string> {
    const entity = docRow({ partitionKey: CHECKPOINTS, rowKey: safeKey(key) }, { nextBlock });
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

  async put(event: ChainRecordEvent): Promise<void> {
    const current = await this.latest(event.subjectKey, event.issuer);
    if (current && position(current) >= position(event)) return;
    const entity = docRow(
      { partitionKey: safeKey(event.subjectKey), rowKey: safeKey(event.issuer.toLowerCase()) },
      event,
    );
    await storageCall(`index ${event.txHash}`, () => this.table.upsertEntity(entity, "Replace"));
  }

  async latest(subjectKey: string, issuer: string): Promise<ChainRecordEvent | null> {
    return (
      (await getDoc<ChainRecordEvent>(this.table, safeKey(subjectKey), safeKey(issuer.toLowerCase())))?.doc ?? null
    );
  }
}

function position(event: ChainRecordEvent): number {
  return event.blockNumber * 1_000_000 + event.logIndex;
}
