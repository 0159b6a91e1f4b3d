// The signer's nonce and signed transactions in Azure Table storage, one partition per signing address: the nonce
// row and the transaction at that nonce are written in one entity-group transaction, so a nonce is never assigned
// without its signed bytes being stored, and an ETag makes a second writer fail instead of reusing a nonce.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { AppError } from "../domain/appError.js";
import type { StoredTransaction, TransactionStore } from "../ports.js";
import { docRow, readDoc } from "./tableDocuments.js";
import { openTable, storageCall, toStorageError, type TableSource } from "./tableSupport.js";

const NONCE_ROW = "nonce";

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
    try {
      const row = await this.table.getEntity<{ next: number }>(partition(address), NONCE_ROW);
      return { nonce: Number(row.next), version: row.etag };
    } catch (error) {
      const mapped = toStorageError(`read nonce of ${address}`, error);
      if (mapped.code === "NOT_FOUND") return { nonce: 0, version: null };
      throw mapped;
    }
  }

  async commit(tx: StoredTransaction, version: string | null): Promise<void> {
    const actions: TransactionAction[] = [nonceAction(tx.address, tx.nonce + 1, version), ["create", encode(tx)]];
    await this.submit(actions, `store transaction ${tx.nonce} of ${tx.address}`);
  }

  async store(tx: StoredTransaction): Promise<void> {
    const row = ["create", encode(tx)];
    await this.submit([row as TransactionAction], `store transaction ${tx.nonce} of ${tx.address}`);
  }

  async setNextNonce(address: string, nonce: number, version: string | null): Promise<void> {
    await this.submit([nonceAction(address, nonce, version)], `set the nonce of ${address}`);
  }

  async get(address: string, nonce: number): Promise<StoredTransaction | null> {
    try {
      return decode(await this.table.getEntity(partition(address), rowKeyOf(nonce)));
    } catch (error) {
      const mapped = toStorageError(`read transaction ${nonce} of ${address}`, error);
      if (mapped.code === "NOT_FOUND") return null;
      throw mapped;
    }
  }

  async unfinished(address: string): Promise<StoredTransaction[]> {
    const filter = `PartitionKey eq '${partition(address)}' and (status eq 'signed' or status eq 'broadcast')`;
    const found: StoredTransaction[] = [];
    await storageCall(`list unfinished transactions of ${address}`, async () => {
      for await (const row of this.table.listEntities({ queryOptions: { filter } })) found.push(decode(row));
    });
    return found.sort((a, b) => a.nonce - b.nonce);
  }

  async update(
    address: string,
    nonce: number,
    changes: Partial<Pick<StoredTransaction, "status" | "broadcasts">>,
  ): Promise<void> {
    const entity = { partitionKey: partition(address), rowKey: rowKeyOf(nonce), ...changes };
    await storageCall(`update transaction ${nonce} of ${address}`, () => this.table.updateEntity(entity, "Merge"));
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

/** The row: the signed transaction as a document (tableDocuments' format), the fields that change as columns. */
function encode(tx: StoredTransaction): ReturnType<typeof docRow> & Record<string, unknown> {
  const { status, broadcasts, ...signed } = tx;
  return { ...docRow({ partitionKey: partition(tx.address), rowKey: rowKeyOf(tx.nonce) }, signed), status, broadcasts };
}

function decode(row: Record<string, unknown>): StoredTransaction {
  const signed = readDoc<Omit<StoredTransaction, "status" | "broadcasts">>(row);
  return { ...signed, status: row["status"] as StoredTransaction["status"], broadcasts: Number(row["broadcasts"]) };
}
