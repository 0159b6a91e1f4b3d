// POST /api/subscriptions/{id}/rotate-secret (operator role): a new whsec_ secret, shown once and never cached; the
// old one keeps signing alongside it for the configured overlap so the partner can switch without missing a delivery.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isSubscriptionId } from "../lib/domain/distributionKeys.js";
import { adminDeps } from "../lib/composition/distributionDeps.js";
import { NO_STORE, subscriptionNotFound } from "../lib/http/responses.js";
import { services } from "../lib/composition/services.js";
import { rotateSubscriptionSecret } from "../lib/subscriptions/rotateSubscriptionSecret.js";
import { audited } from "../lib/http/audited.js";

/** Rotates the subscription's secret. */
export async function subscriptionsRotateSecret(request: HttpRequest): Promise<HttpResponseInit> {
  const id = request.params["id"] ?? "";
  if (!isSubscriptionId(id)) return subscriptionNotFound();
  const s = await services();
  const rotated = await rotateSubscriptionSecret(adminDeps(s), { id });
  if (!rotated) return subscriptionNotFound();
  s.logger.info({ event: "subscription.secret_rotated", subscriptionId: id }, "secret rotated");
  return { status: 200, headers: NO_STORE, jsonBody: rotated };
}

app.http("subscriptionsRotateSecret", {
  methods: ["POST"],
  route: "subscriptions/{id}/rotate-secret",
  authLevel: "function",
  handler: audited("subscription.rotate-secret", subscriptionsRotateSecret, "operator"),
});
