// The Key Vault stand-in's state: key versions (with their secp256k1 private keys), secret versions, and the
// stand-in's own token-signing key and identity header, kept in memory and, when a data directory is given,
// written to one JSON file after every change so a restart keeps keys, secrets and issued tokens valid.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** One version of a key. */
export interface StoredKeyVersion {
  version: string;
  kty: "EC" | "EC-HSM";
  crv: "P-256K";
  keyOps: string[];
  /** Hex private scalar: this is a local stand-in, the file lives in the developer's data directory. */
  privateKey: string;
  enabled: boolean;
  createdInSeconds: number;
  tags?: Record<string, string>;
}

/** One version of a secret. */
export interface StoredSecretVersion {
  version: string;
  value: string;
  contentType?: string;
  enabled: boolean;
  createdInSeconds: number;
  tags?: Record<string, string>;
}

interface VaultState {
  tokenKey: string;
  identityHeader: string;
  keys: Record<string, StoredKeyVersion[]>;
  secrets: Record<string, StoredSecretVersion[]>;
}

const STATE_FILE = "keyvault-state.json";

/** The stand-in's keys and secrets, versions in creation order (the last one is the latest). */
export class VaultStore {
  readonly #file: string | undefined;
  readonly #state: VaultState;

  constructor(dataDir?: string) {
    this.#file = dataDir ? path.join(dataDir, STATE_FILE) : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.#state =
      this.#file && existsSync(this.#file)
        ? (JSON.parse(readFileSync(this.#file, "utf8")) as VaultState)
        : { tokenKey: hex(32), identityHeader: hex(16), keys: {}, secrets: {} };
    this.#save();
  }

  /** The HMAC key for access tokens (stable across restarts with a data directory). */
  get tokenKey(): string {
    return this.#state.tokenKey;
  }

  /** The secret the managed-identity endpoint expects in X-IDENTITY-HEADER. */
  get identityHeader(): string {
    return this.#state.identityHeader;
  }

  /** A key version; the latest when `version` is empty. */
  key(name: string, version = ""): StoredKeyVersion | undefined {
    return pick(this.#state.keys[name], version);
  }

  keyVersions(name: string): StoredKeyVersion[] | undefined {
    return this.#state.keys[name];
  }

  keyNames(): string[] {
    return Object.keys(this.#state.keys);
  }

  addKeyVersion(name: string, key: Omit<StoredKeyVersion, "version" | "createdInSeconds">): StoredKeyVersion {
    const stored = { ...key, version: hex(16), createdInSeconds: nowInSeconds() };
    (this.#state.keys[name] ??= []).push(stored);
    this.#save();
    return stored;
  }

  /** A secret version; the latest when `version` is empty. */
  secret(name: string, version = ""): StoredSecretVersion | undefined {
    return pick(this.#state.secrets[name], version);
  }

  secretVersions(name: string): StoredSecretVersion[] | undefined {
    return this.#state.secrets[name];
  }

  secretNames(): string[] {
    return Object.keys(this.#state.secrets);
  }

  addSecretVersion(
    name: string,
    secret: Omit<StoredSecretVersion, "version" | "createdInSeconds">,
  ): StoredSecretVersion {
    const stored = { ...secret, version: hex(16), createdInSeconds: nowInSeconds() };
    (this.#state.secrets[name] ??= []).push(stored);
    this.#save();
    return stored;
  }

  #save(): void {
    if (!this.#file) return;
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#state, null, 2), { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}

function pick<T extends { version: string }>(versions: T[] | undefined, version: string): T | undefined {
  if (!versions) return undefined;
  return version ? versions.find((v) => v.version === version) : versions[versions.length - 1];
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** The current time in whole seconds, as Key Vault's attributes carry it. */
export function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
