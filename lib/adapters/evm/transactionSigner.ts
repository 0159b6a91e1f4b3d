// The EVM transaction and the signer the EVM ledger writer signs it with: a local key (ethersTransactionSigner.ts) or
// Key Vault (lib/adapters/keyvault). Nothing above the ledger seam sees a raw transaction.

/** A transaction ready to be signed (EIP-1559 unless `gasPrice` is set, which makes it legacy). */
export interface UnsignedTransaction {
  to: string;
  data: string;
  nonce: number;
  gasLimit: bigint;
  chainId: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasPrice?: bigint;
}

/** Signed bytes and their hash: persisted before broadcast, rebroadcast byte-identical. */
export interface SignedTransaction {
  raw: string;
  hash: string;
  nonce: number;
}

/** The fee fields for the next transaction. */
export type FeeFields = Pick<UnsignedTransaction, "maxFeePerGas" | "maxPriorityFeePerGas" | "gasPrice">;

/** Signs EVM transactions with the bank's key (Key Vault in production). */
export interface TransactionSigner {
  /** The checksummed address of the signing key. */
  getAddress(): Promise<string>;
  signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction>;
}
