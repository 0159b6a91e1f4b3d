// The in-memory TransactionStore, kept to the TransactionStore contract (test/ports/transactionStore.contract.ts)
// that the Azure Table adapter keeps.
import { AppError } from "../../lib/domain/appError.js";
import type { StoredTransaction, TransactionStore } from "../../lib/ports/submission.js";

/** Nonces and signed transactions per address in Maps. */
export class MemoryTransactions implements TransactionStore {
  readonly nonces = new Map<string, { next: number; version: number }>();
  readonly txs = new Map<string, StoredTransaction>();

  async nextNonce(address: string) {
    const row = this.nonces.get(address.toLowerCase());
    return row ? { nonce: row.next, version: String(row.version) } : { nonce: 0, version: null };
  }
  async commit(tx: StoredTransaction, version: string | null) {
    this.vacant(tx);
    await this.setNextNonce(tx.address, tx.nonce + 1, version);
    this.txs.set(txKey(tx.address, tx.nonce), structuredClone(tx));
  }
  async store(tx: StoredTransaction) {
    this.vacant(tx);
    this.txs.set(txKey(tx.address, tx.nonce), structuredClone(tx));
  }
  async setNextNonce(address: string, nonce: number, version: string | null) {
    const row = this.nonces.get(address.toLowerCase());
    if ((row ? String(row.version) : null) !== version) throw new AppError("CONFLICT", "nonce moved");
    this.nonces.set(address.toLowerCase(), { next: nonce, version: (row?.version ?? 0) + 1 });
  }
  async get(address: string, nonce: number) {
    const tx = this.txs.get(txKey(address, nonce));
    return tx ? structuredClone(tx) : null;
  }
  async unfinished(address: string) {
    return [...this.txs.values()]
      .filter(
        (t) => t.address.toLowerCase() === address.toLowerCase() && (t.status === "signed" || t.status === "broadcast"),
      )
      .sort((a, b) => a.nonce - b.nonce)
      .map((t) => structuredClone(t));
  }
  async update(
    address: string,
    nonce: number,
    changes: Partial<Pick<StoredTransaction, "status" | "broadcasts" | "replacedAtBlock">>,
  ) {
    const tx = this.txs.get(txKey(address, nonce));
    if (!tx) throw new AppError("NOT_FOUND", `no transaction ${nonce} of ${address}`);
    this.txs.set(txKey(address, nonce), { ...tx, ...changes });
  }
  async prune(address: string, before: string, limit: number) {
    const oldest = [...this.txs.values()]
      .filter((t) => t.address.toLowerCase() === address.toLowerCase())
      .sort((a, b) => a.nonce - b.nonce)
      .slice(0, limit);
    const end = oldest.findIndex((t) => t.createdAt >= before);
    const expired = (end === -1 ? oldest : oldest.slice(0, end)).filter(
      (t) => !["signed", "broadcast"].includes(t.status),
    );
    for (const t of expired) this.txs.delete(txKey(t.address, t.nonce));
    return expired.length;
  }
  private vacant(tx: StoredTransaction): void {
    if (this.txs.has(txKey(tx.address, tx.nonce))) throw new AppError("CONFLICT", `nonce ${tx.nonce} is taken`);
  }
}

function txKey(address: string, nonce: number): string {
  return `${address.toLowerCase()}/${nonce}`;
}
