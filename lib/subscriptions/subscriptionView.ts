// What the admin API shows of a subscription: everything but secret versions (a secret is shown once, at creation
// or rotation).
import type { Subscription } from "../distributionPorts.js";
import type { IssuerFilter } from "../domain/subscriptionFilter.js";

/** A subscription as the admin API returns it. */
export interface SubscriptionView {
  id: string;
  url: string;
  filter: { issuers: IssuerFilter };
  description?: string;
  state: "active" | "disabled";
  disabledReason?: string;
  disabledAt?: string;
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
}

/** The public view of `s`. */
export function subscriptionView(s: Subscription): SubscriptionView {
  const { secrets: _secrets, filter, ...rest } = s;
  const view = { ...rest, filter: { issuers: filter } };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as unknown as SubscriptionView;
}
