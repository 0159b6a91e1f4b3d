// Adapter-specific behaviour of KeyVaultSecretStore; the port's behaviour is test/ports/secretStore.contract.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { KeyVaultSecretStore } from "../../lib/adapters/keyvault/keyVaultSecretStore.js";

describe("KeyVaultSecretStore (against the Key Vault stand-in)", () => {
  let vault: KeyVaultStandIn;
  let store: KeyVaultSecretStore;

  beforeAll(async () => {
    vault = await startKeyVaultStandIn();
    store = new KeyVaultSecretStore({
      vaultUrl: vault.vaultUrl,
      credential: vault.credential,
      clientOptions: { ...vault.clientOptions, retryOptions: { maxRetries: 0 } },
    });
  });
  afterAll(async () => {
    await vault.stop();
  });

  it("proves the vault answers and accepts the credential", async () => {
    await expect(store.check()).resolves.toBeUndefined();
    const refused = new KeyVaultSecretStore({
      vaultUrl: vault.vaultUrl.replace(/:\d+/, ":1"),
      credential: vault.credential,
      clientOptions: { ...vault.clientOptions, retryOptions: { maxRetries: 0 } },
    });
    await expect(refused.check()).rejects.toThrow(/list secrets/);
  });

  it("never carries the secret value in an error", async () => {
    const error = await store.set("bad_name", "whsec_do_not_leak").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("whsec_do_not_leak");
    expect((error as Error).cause).toBeUndefined();
  });
});
