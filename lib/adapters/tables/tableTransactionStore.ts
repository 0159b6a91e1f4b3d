// The signer's nonce and signed transactions in Azure Table storage, one partition per signing address: the nonce
// row and the transaction at that nonce are written in one entity-group transaction, so a nonce is never assigned
// without its signed bytes being stored, and an ETag makes a second writer fail instead of reusing a nonce. Each
// transaction in flight has a copy under `u-<nonce>`, written and removed with it atomically, so `unfinished` reads
// the transactions in flight, never the history (rows `tx-<nonce>`). Retention deletes finished ones oldest first.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { AppError } from "../../domain/appError.js";
import type { StoredTransaction, TransactionStore } from "../../ports/submission.js";
import { docRow, readDoc } from "./tableDocuments.js";
import {
  openTable,
  storageCall,
  storageCallOrNull,
  submitInChunks,
  type TableSource,
  toStorageError,
} from "./tableSupport.js";

const NONCE_ROW = "nonce";
/** Row-key prefix of the copies of transactions in flight. */
const IN_FLIGHT = "u-";

/** Opens (and creates) the transactions table. */
export async function openTableTransactionStore(
  source: TableSource,
  tableName: string,
): Promise<TableTransactionStore> {
  return new TableTransactionStore(await openTable(source, tableName));
}

/** The TransactionStore over an Azure Table. */
export class TableTransactionStore implements TransactionStore {
  constructor(private readonly table: TableClient) {}

  async nextNonce(address: string): Promise<{ nonce: number; version: string | null }> {
    const row = await storageCallOrNull(`read nonce of ${address}`, () =>
      this.table.getEntity<{ next: number }>(partition(address), NONCE_ROW),
    );
    return row ? { nonce: Number(row.next), version: row.etag } : { nonce: 0, version: null };
  }

  async commit(tx: StoredTransaction, version: string | null): Promise<void> {
    const actions: TransactionAction[] = [nonceAction(tx.address, tx.nonce + 1, version), ...transactionActions(tx)];
    await this.submit(actions, `store transaction ${tx.nonce} of ${tx.address}`);
  }

  async store(tx: StoredTransaction): Promise<void> {
    await this.submit(transactionActions(tx), `store transaction ${tx.nonce} of ${tx.address}`);
  }

  async setNextNonce(address: string, nonce: number, version: string | null): Promise<void> {
    await this.submit([nonceAction(address, nonce, version)], `set the nonce of ${address}`);
  }

  async get(address: string, nonce: number): Promise<StoredTransaction | null> {
    const row = await storageCallOrNull(`read transaction ${nonce} of ${address}`, () =>
      this.table.getEntity(partition(address), rowKeyOf(nonce)),
    );
    return row ? decode(row) : null;
  }

  async unfinished(address: string): Promise<StoredTransaction[]> {
    const filter = `PartitionKey eq '${partition(address)}' and RowKey ge '${IN_FLIGHT}' and RowKey lt 'u.'`;
    const found: StoredTransaction[] = [];
    await storageCall(`list unfinished transactions of ${address}`, async () => {
      for await (const row of this.table.listEntities({ queryOptions: { filter } })) found.push(decode(row));
    });
    return found.sort((a, b) => a.nonce - b.nonce);
  }

  async prune(address: string, before: string, limit: number): Promise<number> {
    const filter = `PartitionKey eq '${partition(address)}' and RowKey ge 'tx-' and RowKey lt 'tx.'`;
    const oldest = await storageCall(`list old transactions of ${address}`, async () => {
      const first = await this.table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: limit }).next();
      return first.done ? [] : first.value.map(decode);
    });
    // Nonce order is time order: the first one too new ends the walk; one in flight is stepped over, never deleted.
    const end = oldest.findIndex((tx) => tx.createdAt >= before);
    const expired = (end === -1 ? oldest : oldest.slice(0, end)).filter((tx) => !inFlight(tx.status));
    const deletes = expired.map((tx): TransactionAction => [
      "delete",
      { partitionKey: partition(address), rowKey: rowKeyOf(tx.nonce) },
    ]);
    await submitInChunks(this.table, deletes, `prune transactions of ${address}`);
    return expired.length;
  }

  async update(
    address: string,
    nonce: number,
    changes: Partial<Pick<StoredTransaction, "status" | "broadcasts" | "replacedAtBlock">>,
  ): Promise<void> {
    const what = `update transaction ${nonce} of ${address}`;
    const entity = { partitionKey: partition(address), rowKey: rowKeyOf(nonce), ...changes };
    const copy = { ...entity, rowKey: inFlightKey(nonce) };
    const final = changes.status !== undefined && !inFlight(changes.status);
    const onCopy: TransactionAction = final ? ["delete", copy] : ["update", copy, "Merge"];
    const both = await storageCallOrNull(what, () =>
      this.table.submitTransaction([["update", entity, "Merge"], onCopy]),
    );
    // No copy (the transaction was final already): the row alone, as before the copy existed.
    if (both === null) await storageCall(what, () => this.table.updateEntity(entity, "Merge"));
  }

  private async submit(actions: TransactionAction[], what: string): Promise<void> {
    try {
      await this.table.submitTransaction(actions);
    } catch (error) {
      const mapped = toStorageError(what, error);
      if (mapped.code !== "CONFLICT") throw mapped;
      throw new AppError("CONFLICT", `${what}: another writer moved the nonce`, { cause: error });
    }
  }
}

function nonceAction(address: string, next: number, version: string | null): TransactionAction {
  const entity = { partitionKey: partition(address), rowKey: NONCE_ROW, next };
  return version === null ? ["create", entity] : ["update", entity, "Replace", { etag: version }];
}

function partition(address: string): string {
  return address.toLowerCase();
}

function rowKeyOf(nonce: number): string {
  return `tx-${String(nonce).padStart(12, "0")}`;
}

function inFlightKey(nonce: number): string {
  return `${IN_FLIGHT}${String(nonce).padStart(12, "0")}`;
}

function inFlight(status: StoredTransaction["status"]): boolean {
  return status === "signed" || status === "broadcast";
}

/** The row of a new transaction and, while it is in flight, its copy: one entity-group transaction stores both. */
export function transactionActions(tx: StoredTransaction): TransactionAction[] {
  const row = encode(tx);
  return inFlight(tx.status)
    ? [
        ["create", row],
        ["create", { ...row, rowKey: inFlightKey(tx.nonce) }],
      ]
    : [["create", row]];
}

/** The row: the signed transaction as a document (tableDocuments' format), the fields that change as columns. */
function encode(tx: StoredTransaction): ReturnType<typeof docRow> & Record<string, unknown> {
  const { status, broadcasts, replacedAtBlock, ...signed } = tx;
  const changing = { status, broadcasts, ...(replacedAtBlock === undefined ? {} : { replacedAtBlock }) };
  return { ...docRow({ partitionKey: partition(tx.address), rowKey: rowKeyOf(tx.nonce) }, signed), ...changing };
}

function decode(row: Record<string, unknown>): StoredTransaction {
  const signed = readDoc<Omit<StoredTransaction, "status" | "broadcasts" | "replacedAtBlock">>(row);
  const replacedAtBlock = row["replacedAtBlock"];
  return {
    ...signed,
    status: row["status"] as StoredTransaction["status"],
    broadcasts: Number(row["broadcasts"]),
    ...(typeof replacedAtBlock === "number" ? { replacedAtBlock } : {}),
  };
}
