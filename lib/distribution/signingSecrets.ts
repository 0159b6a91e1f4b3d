// The secrets that sign a subscription's webhooks right now: the current one, plus a rotated-out one during its
// overlap, so a receiver that has not switched yet still verifies (the header carries one `v1,` per secret).
import type { SecretStore, Subscription } from "../distributionPorts.js";

/** The Key Vault secret name of a subscription's signing secret (Key Vault allows letters, digits and dashes). */
export function secretName(subscriptionId: string): string {
  return `webhook-${subscriptionId.replace(/[^0-9A-Za-z-]/g, "-")}`;
}

/** The `whsec_` secrets valid at `now`, newest first. */
export async function signingSecrets(
  deps: { secrets: SecretStore },
  subscription: Subscription,
  now: Date,
): Promise<string[]> {
  const valid = subscription.secrets.filter((s) => s.until === undefined || Date.parse(s.until) > now.getTime());
  return Promise.all(valid.map((s) => deps.secrets.get(secretName(subscription.id), s.version)));
}
