import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyVaultSecretStore } from "../../lib/adapters/keyVaultSecretStore.js";
import { isAppError } from "../../lib/domain/appError.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "../../local/keyvault/keyVaultStandIn.js";

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

  it("stores versions of a whsec_ secret and reads each version back", async () => {
    const v1 = await store.set("webhook-sub-1", "whsec_one");
    const v2 = await store.set("webhook-sub-1", "whsec_two");
    expect(v1).not.toBe(v2);
    expect(await store.get("webhook-sub-1", v1)).toBe("whsec_one");
    expect(await store.get("webhook-sub-1", v2)).toBe("whsec_two");
    await store.check();
  });

  it("never carries the secret value in an error", async () => {
    const error = await store.set("bad_name", "whsec_do_not_leak").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("whsec_do_not_leak");
    expect((error as Error).cause).toBeUndefined();
  });

  it("maps a missing secret to NOT_FOUND", async () => {
    const error = await store.get("webhook-nothing", "0".repeat(32)).catch((e: unknown) => e);
    expect(isAppError(error, "NOT_FOUND")).toBe(true);
  });
});
