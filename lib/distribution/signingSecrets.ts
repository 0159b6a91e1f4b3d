// The secrets that sign a subscription's webhooks right now: the current one, plus a rotated-out one during its
// overlap, so a receiver that has not switched yet still verifies (the header carries one `v1,` per secret).
import type { SecretStore, Subscription } from "../ports/subscriptions.js";
import { secretName } from "../domain/distributionKeys.js";

/** The `whsec_` secrets valid at `now`, newest first. */
export async function signingSecrets(
  deps: { secrets: SecretStore },
  subscription: Subscription,
  now: Date,
): Promise<string[]> {
  const valid = subscription.secrets.filter((s) => s.until === undefined || Date.parse(s.until) > now.getTime());
  return Promise.all(valid.map((s) => deps.secrets.get(secretName(subscription.id), s.version)));
}
