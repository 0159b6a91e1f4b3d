// POST /api/subscriptions/{id}/revoke-secret (operator role): for a leaked secret. A new whsec_ secret, shown once
// and never cached, and every previous secret stops signing at once (no overlap: the partner must switch now).
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isSubscriptionId } from "../lib/domain/distributionKeys.js";
import { adminDeps } from "../lib/composition/distributionDeps.js";
import { NO_STORE, subscriptionNotFound } from "../lib/http/responses.js";
import { services } from "../lib/composition/services.js";
import { rotateSubscriptionSecret } from "../lib/subscriptions/rotateSubscriptionSecret.js";
import { audited } from "../lib/http/audited.js";

/** Replaces the subscription's secrets with a new one at once. */
export async function subscriptionsRevokeSecret(request: HttpRequest): Promise<HttpResponseInit> {
  const id = request.params["id"] ?? "";
  if (!isSubscriptionId(id)) return subscriptionNotFound();
  const s = await services();
  const rotated = await rotateSubscriptionSecret(adminDeps(s), { id, revokePrevious: true });
  if (!rotated) return subscriptionNotFound();
  s.logger.warn({ event: "subscription.secret_revoked", subscriptionId: id }, "previous secrets revoked");
  return {
    status: 200,
    headers: NO_STORE,
    jsonBody: { secret: rotated.secret, previousRevokedAt: rotated.previousValidUntil },
  };
}

app.http("subscriptionsRevokeSecret", {
  methods: ["POST"],
  route: "subscriptions/{id}/revoke-secret",
  authLevel: "function",
  handler: audited("subscription.revoke-secret", subscriptionsRevokeSecret, "operator"),
});
