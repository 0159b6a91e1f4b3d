// An ethers signer whose private key never leaves Azure Key Vault: it replaces exactly the signing step of
// ethers' BaseWallet with CryptographyClient.sign("ES256K", keccak256 digest), normalises s (EIP-2) and finds the
// recovery id against the cached public key. Every Key Vault call goes through one shared rate limiter.
import {
  AbstractSigner,
  Signature,
  Transaction,
  TypedDataEncoder,
  copyRequest,
  getAddress,
  getBytes,
  hashMessage,
  keccak256,
  recoverAddress,
  resolveAddress,
  resolveProperties,
  toUtf8Bytes,
  type Provider,
  type TransactionLike,
  type TransactionRequest,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";
import { AppError } from "../../domain/appError.js";
import {
  loadKeyVaultSigningKey,
  type KeyVaultSigningKey,
  type LoadKeyVaultSigningKeyOptions,
} from "./keyVaultSigningKey.js";
import { toSigningError } from "./keyVaultSigningError.js";
import { toRecoverableSignature } from "./secp256k1Signature.js";
import { KEY_VAULT_RATE_LIMIT, TokenBucket, type TokenBucketOptions } from "./tokenBucket.js";

/** Options for {@link KeyVaultSigner.create}. */
export interface KeyVaultSignerOptions extends Omit<LoadKeyVaultSigningKeyOptions, "rateLimiter"> {
  /** The client-side limit for all Key Vault calls of this signer. Default 2,000 per 10 s. */
  rateLimit?: TokenBucketOptions;
  /** Sign and recover once before returning. Default true. */
  selfTest?: boolean;
  provider?: Provider | null;
}

/** An ethers `AbstractSigner` over a Key Vault EC P-256K key. */
export class KeyVaultSigner extends AbstractSigner {
  /** The checksummed address derived from the key's x/y. */
  readonly address: string;
  readonly #key: KeyVaultSigningKey;
  readonly #rateLimiter: TokenBucket;

  constructor(key: KeyVaultSigningKey, rateLimiter: TokenBucket, provider?: Provider | null) {
    super(provider);
    this.#key = key;
    this.#rateLimiter = rateLimiter;
    this.address = getAddress(key.address);
  }

  /** Loads the key (one GET), builds the signer and, unless disabled, runs {@link selfTest}. */
  static async create(options: KeyVaultSignerOptions): Promise<KeyVaultSigner> {
    const rateLimiter = new TokenBucket(options.rateLimit ?? KEY_VAULT_RATE_LIMIT);
    const key = await loadKeyVaultSigningKey({ ...options, rateLimiter });
    const signer = new KeyVaultSigner(key, rateLimiter, options.provider);
    if (options.selfTest ?? true) await signer.selfTest();
    return signer;
  }

  /** The versioned Key Vault key id this signer uses. */
  get keyId(): string {
    return this.#key.keyId;
  }

  async getAddress(): Promise<string> {
    return this.address;
  }

  /** A signer for the same key on another provider; it shares the key client and the rate limiter. */
  connect(provider: Provider | null): KeyVaultSigner {
    return new KeyVaultSigner(this.#key, this.#rateLimiter, provider);
  }

  /** Signs a 32-byte digest in Key Vault; the result is low-s with the recovery id checked against the key. */
  async signDigest(digest: string | Uint8Array): Promise<Signature> {
    const digestBytes = getBytes(digest);
    let raw: Uint8Array;
    try {
      raw = (await this.#rateLimiter.use(() => this.#key.client.sign("ES256K", digestBytes))).result;
    } catch (error) {
      throw toSigningError(error, "sign");
    }
    try {
      const { r, s, yParity } = toRecoverableSignature(raw, digestBytes, this.#key.publicKey);
      return Signature.from({ r, s, v: 27 + yParity });
    } catch (error) {
      throw new AppError("SIGNING_FAILED", "Key Vault returned an unusable signature", {
        cause: error,
        details: { operation: "sign", keyId: this.#key.keyId },
      });
    }
  }

  async signTransaction(request: TransactionRequest): Promise<string> {
    const tx = copyRequest(request);
    const { to, from } = await resolveProperties({
      to: tx.to ? resolveAddress(tx.to, this) : undefined,
      from: tx.from ? resolveAddress(tx.from, this) : undefined,
    });
    if (to != null) tx.to = to;
    if (from != null && getAddress(from) !== this.address) {
      throw new AppError("SIGNING_FAILED", "transaction from address does not match the Key Vault key", {
        details: { from, address: this.address },
      });
    }
    delete tx.from;
    const unsigned = Transaction.from(tx as TransactionLike<string>);
    unsigned.signature = await this.signDigest(unsigned.unsignedHash);
    return unsigned.serialized;
  }

  async signMessage(message: string | Uint8Array): Promise<string> {
    return (await this.signDigest(hashMessage(message))).serialized;
  }

  async signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const populated = await TypedDataEncoder.resolveNames(domain, types, value, async (name) => {
      const address = await this.provider?.resolveName(name);
      if (!address) throw new AppError("SIGNING_FAILED", `cannot resolve the name ${name}`);
      return address;
    });
    return (await this.signDigest(TypedDataEncoder.hash(populated.domain, types, populated.value))).serialized;
  }

  /** Signs a fresh digest and checks that it recovers to {@link address}; throws SIGNING_FAILED otherwise. */
  async selfTest(): Promise<void> {
    const digest = keccak256(toUtf8Bytes(`creditlink key vault self-test ${this.#key.keyId} ${Date.now()}`));
    const signature = await this.signDigest(digest);
    if (recoverAddress(digest, signature) !== this.address) {
      throw new AppError("SIGNING_FAILED", "Key Vault self-test: the signature does not recover to the key's address", {
        details: { keyId: this.#key.keyId },
      });
    }
  }
}
