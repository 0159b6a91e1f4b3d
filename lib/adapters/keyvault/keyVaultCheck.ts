// Health check of Key Vault: one cheap call that proves the vault answers and the credential is accepted.
import type { DependencyCheck } from "../../ports/health.js";
import type { KeyVaultSecretStore } from "./keyVaultSecretStore.js";

/** Key Vault: lists one secret's properties. */
export function keyVaultCheck(store: Pick<KeyVaultSecretStore, "check">): DependencyCheck {
  return { name: "keyvault", requiredForWrites: true, check: () => store.check() };
}
