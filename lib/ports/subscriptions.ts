// Webhook subscriptions: their store, their signing secrets and the guard that judges a destination before it is
// stored.
import type { IssuerFilter } from "../domain/subscriptionFilter.js";

/** A webhook subscription (a partner bank, or one of our own core systems). */
export interface Subscription {
  id: string;
  url: string;
  filter: IssuerFilter;
  description?: string;
  state: "active" | "disabled";
  disabledReason?: string;
  disabledAt?: string;
  /** Secret versions that sign, newest first; a rotated-out one keeps signing until `until`. */
  secrets: { version: string; until?: string }[];
  /** Set at the first failure after a success, cleared by the next success. */
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
}

/** Subscriptions (Azure Tables in production). */
export interface SubscriptionStore {
  /** Stores a new subscription; CONFLICT if the id exists. */
  create(subscription: Subscription): Promise<void>;
  get(id: string): Promise<Subscription | null>;
  list(): Promise<Subscription[]>;
  /** Replaces a subscription; NOT_FOUND if it does not exist. */
  put(subscription: Subscription): Promise<void>;
  /** Removes a subscription; false when it did not exist. */
  delete(id: string): Promise<boolean>;
}

/** Judges a webhook destination before it is stored: the SSRF guard at the door (the sender guards at connect). */
export interface WebhookDestinationGuard {
  /** Why `url` may not receive webhooks now (its path, or any address its host resolves to), or null. */
  refusal(url: string): Promise<string | null>;
}

/** Named, versioned secrets (Key Vault secrets in production). */
export interface SecretStore {
  /** Stores a new version and returns its id. */
  set(name: string, value: string): Promise<string>;
  get(name: string, version: string): Promise<string>;
}
