// Creates a subscription: generates its id and `whsec_` secret, stores the secret in the SecretStore (Key Vault)
// and the subscription without it. The secret is returned once; `POST /api/subscriptions` answers 201 { id, secret }.
import type { SecretStore, Subscription, SubscriptionStore, WebhookDestinationGuard } from "../ports/subscriptions.js";
import { parseSubscriptionRequest } from "../domain/subscriptionRequest.js";
import { webhookSecret } from "../domain/webhook.js";
import type { Clock, Random } from "../ports/runtime.js";
import { secretName } from "../domain/distributionKeys.js";
import { subscriptionView, type SubscriptionView } from "./subscriptionView.js";

/** What the admin use cases need. */
export interface SubscriptionAdminDeps {
  subscriptions: SubscriptionStore;
  secrets: SecretStore;
  destinations: WebhookDestinationGuard;
  clock: Clock;
  random: Random;
  settings: { allowHttp: boolean; secretOverlapInMs: number };
}

/** A created subscription and its secret (shown once), or the body's problems. */
export type CreateSubscriptionResult =
  { ok: true; subscription: SubscriptionView; id: string; secret: string } | { ok: false; errors: string[] };

/** Creates a subscription from a request body. */
export async function createSubscription(
  deps: SubscriptionAdminDeps,
  body: unknown,
): Promise<CreateSubscriptionResult> {
  const parsed = parseSubscriptionRequest(body, { create: true, allowHttp: deps.settings.allowHttp });
  if (!parsed.ok) return parsed;
  const refused = await deps.destinations.refusal(parsed.changes.url ?? "");
  if (refused) return { ok: false, errors: [`url is refused: ${refused}`] };
  const now = deps.clock.now().toISOString();
  const id = "sub_" + deps.random.bytesHex(12).slice(2);
  const secret = webhookSecret(deps.random.bytesHex(32));
  const version = await deps.secrets.set(secretName(id), secret);
  const subscription: Subscription = {
    id,
    url: parsed.changes.url ?? "",
    filter: parsed.changes.filter ?? "self",
    description: parsed.changes.description,
    state: parsed.changes.state ?? "active",
    secrets: [{ version }],
    createdAt: now,
    updatedAt: now,
  };
  await deps.subscriptions.create(subscription);
  return { ok: true, subscription: subscriptionView(subscription), id, secret };
}
