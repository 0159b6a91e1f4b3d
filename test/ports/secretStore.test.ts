// Runs the SecretStore contract against the in-memory fake and the Key Vault adapter on the Key Vault stand-in.
import { afterAll, beforeAll } from "vitest";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { KeyVaultSecretStore } from "../../lib/adapters/keyvault/keyVaultSecretStore.js";
import { MemorySecrets } from "../support/memoryDistribution.js";
import { describeSecretStore } from "./secretStore.contract.js";

let vault: KeyVaultStandIn;
beforeAll(async () => {
  vault = await startKeyVaultStandIn();
});
afterAll(async () => {
  await vault.stop();
});

describeSecretStore("MemorySecrets", async () => new MemorySecrets());
describeSecretStore(
  "KeyVaultSecretStore",
  async () =>
    new KeyVaultSecretStore({
      vaultUrl: vault.vaultUrl,
      credential: vault.credential,
      clientOptions: { ...vault.clientOptions, retryOptions: { maxRetries: 0 } },
    }),
);
