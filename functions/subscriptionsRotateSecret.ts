// POST /api/subscriptions/{id}/rotate-secret (function key): a new whsec_ secret, shown once; the old one keeps
// signing alongside it for the configured overlap so the partner can switch without missing a delivery.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { adminDeps } from "../lib/distributionDeps.js";
import { services } from "../lib/services.js";
import { rotateSubscriptionSecret } from "../lib/subscriptions/rotateSubscriptionSecret.js";

/** Rotates the subscription's secret. */
export async function subscriptionsRotateSecret(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  const id = request.params["id"] ?? "";
  const rotated = await rotateSubscriptionSecret(adminDeps(s), { id });
  return rotated ? { status: 200, jsonBody: rotated } : { status: 404, jsonBody: { error: `no subscription ${id}` } };
}

app.http("subscriptionsRotateSecret", {
  methods: ["POST"],
  route: "subscriptions/{id}/rotate-secret",
  authLevel: "function",
  handler: subscriptionsRotateSecret,
});
