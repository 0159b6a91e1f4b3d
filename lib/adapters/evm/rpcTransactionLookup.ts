// The sender and nonce of a transaction by hash, through the RPC pool (receipts carry neither the nonce nor,
// on every client, a reliable `from`).
import type { TransactionLookup } from "../../ports/ledger.js";
import type { RpcPool } from "./rpcPool.js";

/** The TransactionLookup over `eth_getTransactionByHash`. */
export class RpcTransactionLookup implements TransactionLookup {
  constructor(private readonly pool: RpcPool) {}

  async sender(txHash: string): Promise<{ from: string; nonce: number } | null> {
    const tx = await this.pool.request<{ from: string; nonce: string } | null>("eth_getTransactionByHash", [txHash]);
    return tx ? { from: tx.from, nonce: Number(BigInt(tx.nonce)) } : null;
  }
}
