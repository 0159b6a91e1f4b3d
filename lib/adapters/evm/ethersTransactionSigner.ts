// The TransactionSigner port over any ethers signer (a local Wallet, the KeyVaultSigner): builds the transaction
// request from the domain's UnsignedTransaction, signs it, and returns the raw bytes with their hash, which is
// what the submitter persists before broadcasting.
import { getAddress, keccak256, type AbstractSigner, type TransactionRequest } from "ethers";
import type { SignedTransaction, TransactionSigner, UnsignedTransaction } from "./transactionSigner.js";

/** Adapts an ethers `AbstractSigner` to the {@link TransactionSigner} port. */
export class EthersTransactionSigner implements TransactionSigner {
  readonly #signer: AbstractSigner;

  constructor(signer: AbstractSigner) {
    this.#signer = signer;
  }

  async getAddress(): Promise<string> {
    return getAddress(await this.#signer.getAddress());
  }

  async signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction> {
    const raw = await this.#signer.signTransaction(toTransactionRequest(tx));
    return { raw, hash: keccak256(raw), nonce: tx.nonce };
  }
}

/** The ethers request for a domain transaction: legacy (type 0, EIP-155) when `gasPrice` is set, else EIP-1559. */
export function toTransactionRequest(tx: UnsignedTransaction): TransactionRequest {
  const common = { to: tx.to, data: tx.data, nonce: tx.nonce, gasLimit: tx.gasLimit, chainId: tx.chainId, value: 0n };
  if (tx.gasPrice !== undefined) return { ...common, type: 0, gasPrice: tx.gasPrice };
  return {
    ...common,
    type: 2,
    maxFeePerGas: tx.maxFeePerGas ?? 0n,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n,
  };
}
