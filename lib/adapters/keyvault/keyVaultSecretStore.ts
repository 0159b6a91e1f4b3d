// Webhook signing secrets as Key Vault secrets (one secret per subscription, a version per rotation). A version
// never changes, so values are cached per version (the dispatcher reads them on every attempt). Values are never
// logged; failures map to AppError codes here, once.
import type { TokenCredential } from "@azure/core-auth";
import { SecretClient, type SecretClientOptions } from "@azure/keyvault-secrets";
import type { SecretStore } from "../../ports/subscriptions.js";
import { AppError } from "../../domain/appError.js";

/** Options for {@link KeyVaultSecretStore}. */
export interface KeyVaultSecretStoreOptions {
  vaultUrl: string;
  credential: TokenCredential;
  clientOptions?: SecretClientOptions;
}

/** The SecretStore over Key Vault secrets. */
export class KeyVaultSecretStore implements SecretStore {
  private readonly client: SecretClient;
  private readonly cache = new Map<string, string>();

  constructor(options: KeyVaultSecretStoreOptions) {
    this.client = new SecretClient(options.vaultUrl, options.credential, { ...options.clientOptions });
  }

  async set(name: string, value: string): Promise<string> {
    try {
      const secret = await this.client.setSecret(name, value, { contentType: "text/plain; whsec" });
      return secret.properties.version ?? "";
    } catch (error) {
      throw toSecretError(`store secret ${name}`, error);
    }
  }

  async get(name: string, version: string): Promise<string> {
    // An empty version would read the latest one (and cache it under "" for good).
    if (version === "") throw new AppError("NOT_FOUND", `secret ${name} needs a version`);
    const cached = this.cache.get(`${name}/${version}`);
    if (cached !== undefined) return cached;
    try {
      const secret = await this.client.getSecret(name, { version });
      if (secret.value === undefined) throw new AppError("NOT_FOUND", `secret ${name} has no value`);
      this.cache.set(`${name}/${version}`, secret.value);
      return secret.value;
    } catch (error) {
      throw toSecretError(`read secret ${name}`, error);
    }
  }

  /** A cheap call that proves the vault answers and the credential is accepted (for health). */
  async check(): Promise<void> {
    try {
      await this.client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 }).next();
    } catch (error) {
      throw toSecretError("list secrets", error);
    }
  }
}

/**
 * Maps a vault failure without chaining the SDK error (its request carries the secret value in the body); a 400 (a
 * bad name, say) is final.
 */
function toSecretError(what: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: number } | null)?.statusCode;
  const code =
    status === 404
      ? "NOT_FOUND"
      : status === 401 || status === 403
        ? "CONFIG_INVALID"
        : status === 400
          ? "STORAGE_REJECTED"
          : "STORAGE_UNAVAILABLE";
  const text = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  const vaultCode = (error as { code?: unknown } | null)?.code;
  return new AppError(code, `${what}: ${text}`, { details: { status: status ?? null, code: String(vaultCode ?? "") } });
}
