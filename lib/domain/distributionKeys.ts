// Names derived from ids that several components must agree on: the watcher's checkpoint key per contract and the
// Key Vault secret name of a subscription (Key Vault allows letters, digits and dashes only).

/** The checkpoint key of the chain watcher for a contract. */
export function watcherCheckpointKey(contractAddress: string): string {
  return `watch-${contractAddress.toLowerCase()}`;
}

/** The checkpoint key of reconciliation for a contract. */
export function reconciliationCheckpointKey(contractAddress: string): string {
  return `reconcile-${contractAddress.toLowerCase()}`;
}

/** The checkpoint key of reconciliation's walk over the outbox's final outcomes, for a contract. */
export function historyCheckpointKey(contractAddress: string): string {
  return `history-${contractAddress.toLowerCase()}`;
}

/** The Key Vault secret name of a subscription's signing secret. */
export function secretName(subscriptionId: string): string {
  return `webhook-${subscriptionId.replace(/[^0-9A-Za-z-]/g, "-")}`;
}

/** Whether `id` has the form of a subscription id (`sub_` and 24 hex digits); anything else names none. */
export function isSubscriptionId(id: string): boolean {
  return /^sub_[0-9a-f]{24}$/.test(id);
}
