// What the admin API shows of a subscription: everything but secret versions (a secret is shown once, at creation
// or rotation) and credentials in a URL stored before they were refused at the door.
import type { Subscription } from "../ports/subscriptions.js";
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
  const view = { ...rest, url: withoutCredentials(rest.url), filter: { issuers: filter } };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as unknown as SubscriptionView;
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === "" && parsed.password === "") return url;
    parsed.username = "REDACTED";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url;
  }
}
