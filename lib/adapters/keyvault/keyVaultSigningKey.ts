// Fetches a Key Vault secp256k1 key once (one GET, through the rate limiter), checks that it can sign ES256K, and
// builds the CryptographyClient from the fetched KeyVaultKey so that signing never triggers another GET. The key
// version is pinned at load time: a rotated key is a different Ethereum address.
import type { TokenCredential } from "@azure/identity";
import { CryptographyClient, KeyClient, type CryptographyClientOptions, type KeyVaultKey } from "@azure/keyvault-keys";
import { computeAddress, hexlify } from "ethers";
import { AppError } from "../../domain/appError.js";
import { toSigningError } from "./keyVaultSigningError.js";
import { uncompressedPublicKey } from "./secp256k1Signature.js";
import type { TokenBucket } from "./tokenBucket.js";

/** What the signer needs of a Key Vault key: its versioned id, its public point and a sign-hash call. */
export interface KeyVaultSigningKey {
  /** The versioned key id (`https://{vault}/keys/{name}/{version}`). */
  readonly keyId: string;
  /** The 65-byte uncompressed public key 0x04‖x‖y. */
  readonly publicKey: Uint8Array;
  /** The checksummed Ethereum address of the key. */
  readonly address: string;
  /** Signs a caller-computed digest; `signData` (which hashes with SHA-256) is deliberately not part of this. */
  readonly client: Pick<CryptographyClient, "sign">;
}

/** Options for {@link loadKeyVaultSigningKey}. */
export interface LoadKeyVaultSigningKeyOptions {
  /** `https://{vault-name}.vault.azure.net` (or a stand-in's URL). */
  vaultUrl: string;
  keyName: string;
  /** Pin a version; default: the latest version at load time. */
  keyVersion?: string;
  credential: TokenCredential;
  /** Pipeline options for both clients (retryOptions, tlsOptions, disableChallengeResourceVerification, …). */
  clientOptions?: CryptographyClientOptions;
  /** The limiter the GET counts against. */
  rateLimiter: TokenBucket;
  /** Per HTTP attempt (the SDK retries within its own policy). Default 30 s. */
  requestTimeoutInMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_IN_MS = 30_000;

/** Loads the key, validates it and returns a signing key whose `client` signs without further GETs. */
export async function loadKeyVaultSigningKey(options: LoadKeyVaultSigningKeyOptions): Promise<KeyVaultSigningKey> {
  const keyClient = new KeyClient(options.vaultUrl, options.credential, { ...options.clientOptions });
  const requestOptions = { timeout: options.requestTimeoutInMs ?? DEFAULT_REQUEST_TIMEOUT_IN_MS };
  let key: KeyVaultKey;
  try {
    const getKeyOptions = { version: options.keyVersion ?? "", requestOptions };
    key = await options.rateLimiter.use(() => keyClient.getKey(options.keyName, getKeyOptions));
  } catch (error) {
    throw toSigningError(error, "getKey");
  }
  const publicKey = publicKeyOf(key);
  const cryptographyClient = new CryptographyClient(key, options.credential, { ...options.clientOptions });
  const client: KeyVaultSigningKey["client"] = {
    sign: (algorithm, digest) => cryptographyClient.sign(algorithm, digest, { requestOptions }),
  };
  return { keyId: key.id ?? "", publicKey, address: computeAddress(hexlify(publicKey)), client };
}

function publicKeyOf(key: KeyVaultKey): Uint8Array {
  const jwk = key.key;
  const details = { keyId: key.id, keyType: jwk?.kty, curve: jwk?.crv };
  const invalid = (reason: string): AppError =>
    new AppError("CONFIG_INVALID", `Key Vault key ${key.name} cannot sign Ethereum transactions: ${reason}`, {
      details,
    });
  if (jwk?.kty !== "EC" && jwk?.kty !== "EC-HSM") throw invalid("not an elliptic-curve key");
  if (jwk.crv !== "P-256K") throw invalid("not on curve P-256K (secp256k1)");
  if (!jwk.x || !jwk.y) throw invalid("the public point is missing");
  if (key.keyOperations && !key.keyOperations.includes("sign")) throw invalid("the key does not permit sign");
  if (key.properties.enabled === false) throw invalid("the key is disabled");
  try {
    return uncompressedPublicKey(jwk.x, jwk.y);
  } catch (error) {
    throw new AppError("CONFIG_INVALID", `Key Vault key ${key.name} has an invalid public point`, {
      cause: error,
      details,
    });
  }
}
