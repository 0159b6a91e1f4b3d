// Rotates a subscription's signing secret: the new one signs at once, the previous one keeps signing until the
// overlap ends (the webhook-signature header carries both), so the receiver can switch without losing a delivery.
// Revoking (a leaked secret) is a rotation without overlap: every previous secret stops signing at once.
import { webhookSecret } from "../domain/webhook.js";
import { secretName } from "../domain/distributionKeys.js";
import type { SubscriptionAdminDeps } from "./createSubscription.js";

/** The new secret (shown once) and when the old one stops signing, or null when the subscription does not exist. */
export async function rotateSubscriptionSecret(
  deps: SubscriptionAdminDeps,
  input: { id: string; revokePrevious?: boolean },
): Promise<{ secret: string; previousValidUntil: string } | null> {
  const current = await deps.subscriptions.get(input.id);
  if (!current) return null;
  const now = deps.clock.now();
  const overlapInMs = input.revokePrevious ? 0 : deps.settings.secretOverlapInMs;
  const until = new Date(now.getTime() + overlapInMs).toISOString();
  const secret = webhookSecret(deps.random.bytesHex(32));
  const version = await deps.secrets.set(secretName(current.id), secret);
  const previous = input.revokePrevious
    ? []
    : current.secrets
        .filter((s) => s.until === undefined || Date.parse(s.until) > now.getTime())
        .map((s) => ({ version: s.version, until: s.until ?? until }));
  await deps.subscriptions.put({ ...current, secrets: [{ version }, ...previous], updatedAt: now.toISOString() });
  return { secret, previousValidUntil: until };
}
