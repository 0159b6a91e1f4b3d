// Deletes a subscription (`DELETE /api/subscriptions/{id}`). Its queued jobs find no subscription and are held;
// its Key Vault secret is left to the vault's soft-delete policy (deleting it is an operator's decision).
import type { SubscriptionStore } from "../ports/subscriptions.js";

/** Deletes subscription `id`; false when it did not exist. */
export async function deleteSubscription(
  deps: { subscriptions: SubscriptionStore },
  input: { id: string },
): Promise<boolean> {
  return deps.subscriptions.delete(input.id);
}
