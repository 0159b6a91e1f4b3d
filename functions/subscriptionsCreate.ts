// POST /api/subscriptions (admin key): creates a webhook subscription; answers 201 { id, secret, … } once, never
// cached. The body is JSON (≤ 64 KB); the URL is judged by the address guard before anything is stored.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { adminDeps } from "../lib/composition/distributionDeps.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { NO_STORE } from "../lib/http/responses.js";
import { services } from "../lib/composition/services.js";
import { createSubscription } from "../lib/subscriptions/createSubscription.js";
import { audited } from "../lib/http/audited.js";

/** Creates a subscription from the JSON body. */
export async function subscriptionsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const s = await services();
  const result = await createSubscription(adminDeps(s), body.value);
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  s.logger.info({ event: "subscription.created", subscriptionId: result.id }, "subscription created");
  const created = { ...result.subscription, id: result.id, secret: result.secret };
  return { status: 201, headers: NO_STORE, jsonBody: created };
}

app.http("subscriptionsCreate", {
  methods: ["POST"],
  route: "subscriptions",
  authLevel: "admin",
  handler: audited("subscription.create", subscriptionsCreate, "admin"),
});
