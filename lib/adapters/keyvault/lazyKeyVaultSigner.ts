// The TransactionSigner over a Key Vault key that touches the vault only when asked: the key is loaded on the first
// getAddress or signTransaction, and the self-test signs before the first real signature. A failed load or self-test
// fails only that call (SIGNING_THROTTLED / SIGNING_UNAVAILABLE are retryable) and is tried again on the next one, so
// nothing at process start waits for the vault and a vault outage stops signing, not ingest or distribution.
import { getAddress } from "ethers";
import { AppError } from "../../domain/appError.js";
import type { SignedTransaction, TransactionSigner, UnsignedTransaction } from "../evm/transactionSigner.js";
import { EthersTransactionSigner } from "../evm/ethersTransactionSigner.js";
import { KeyVaultSigner, type KeyVaultSignerOptions } from "./keyVaultSigner.js";

/** Options for {@link LazyKeyVaultSigner}. */
export interface LazyKeyVaultSignerOptions extends Omit<KeyVaultSignerOptions, "selfTest"> {
  /** The key's known address: answered by getAddress without a vault call, and checked when the key loads. */
  expectedAddress?: string;
}

/** A Key Vault signer whose key load and self-test happen on first use, retried after a failure. */
export class LazyKeyVaultSigner implements TransactionSigner {
  readonly #options: LazyKeyVaultSignerOptions;
  readonly #loaded: () => Promise<KeyVaultSigner>;
  readonly #tested: () => Promise<EthersTransactionSigner>;

  constructor(options: LazyKeyVaultSignerOptions) {
    this.#options = options;
    this.#loaded = memoizeSuccess(() => this.#load());
    this.#tested = memoizeSuccess(async () => {
      const signer = await this.#loaded();
      await signer.selfTest();
      return new EthersTransactionSigner(signer);
    });
  }

  async getAddress(): Promise<string> {
    const expected = this.#options.expectedAddress;
    if (expected !== undefined) return getAddress(expected);
    return (await this.#loaded()).address;
  }

  async signTransaction(tx: UnsignedTransaction): Promise<SignedTransaction> {
    return (await this.#tested()).signTransaction(tx);
  }

  async #load(): Promise<KeyVaultSigner> {
    const signer = await KeyVaultSigner.create({ ...this.#options, selfTest: false });
    const expected = this.#options.expectedAddress;
    if (expected !== undefined && getAddress(expected) !== signer.address) {
      throw new AppError("CONFIG_INVALID", "the Key Vault signing key does not have the configured address", {
        details: { keyId: signer.keyId, address: signer.address, expectedAddress: expected },
      });
    }
    return signer;
  }
}

/** Memoises an async call's result; a rejection is not kept, so the next call runs it again. */
export function memoizeSuccess<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= run().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
