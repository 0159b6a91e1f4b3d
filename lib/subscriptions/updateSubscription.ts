// Changes a subscription's URL, filter, description or state. Re-activating clears the disable reason and the
// failure streak; held deliveries are sent again only by an explicit replay.
import type { Subscription } from "../ports/subscriptions.js";
import { parseSubscriptionRequest } from "../domain/subscriptionRequest.js";
import type { SubscriptionAdminDeps } from "./createSubscription.js";
import { subscriptionView, type SubscriptionView } from "./subscriptionView.js";

/** The updated subscription, not found, or the body's problems. */
export type UpdateSubscriptionResult =
  { ok: true; subscription: SubscriptionView } | { ok: false; errors: string[] } | { ok: false; notFound: true };

/** Applies a PATCH body to subscription `id`. */
export async function updateSubscription(
  deps: Pick<SubscriptionAdminDeps, "subscriptions" | "destinations" | "clock" | "settings">,
  input: { id: string; body: unknown },
): Promise<UpdateSubscriptionResult> {
  const parsed = parseSubscriptionRequest(input.body, { create: false, allowHttp: deps.settings.allowHttp });
  if (!parsed.ok) return parsed;
  const current = await deps.subscriptions.get(input.id);
  if (!current) return { ok: false, notFound: true };
  const now = deps.clock.now().toISOString();
  const { state, ...fields } = parsed.changes;
  const next: Subscription = { ...current, ...withoutUndefined(fields), updatedAt: now };
  if (state === "active" && current.state === "disabled") {
    Object.assign(next, { state, disabledReason: undefined, disabledAt: undefined, failingSince: undefined });
  } else if (state === "disabled" && current.state === "active") {
    Object.assign(next, { state, disabledReason: "disabled by an operator", disabledAt: now });
  }
  // A re-activated subscription is judged again too: its URL may predate the guard, or its name resolve elsewhere.
  if (parsed.changes.url !== undefined || (state === "active" && current.state === "disabled")) {
    const refused = await deps.destinations.refusal(next.url);
    if (refused) return { ok: false, errors: [`url is refused: ${refused}`] };
  }
  await deps.subscriptions.put(next);
  return { ok: true, subscription: subscriptionView(next) };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
