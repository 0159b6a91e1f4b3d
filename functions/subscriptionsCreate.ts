// POST /api/subscriptions (function key): creates a webhook subscription; answers 201 { id, secret, … } once.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { adminDeps } from "../lib/distributionDeps.js";
import { services } from "../lib/services.js";
import { createSubscription } from "../lib/subscriptions/createSubscription.js";

/** Creates a subscription from the JSON body. */
export async function subscriptionsCreate(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  const body: unknown = await request.json().catch(() => undefined);
  const result = await createSubscription(adminDeps(s), body);
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  s.logger.info({ event: "subscription.created", subscriptionId: result.id }, "subscription created");
  return { status: 201, jsonBody: { ...result.subscription, id: result.id, secret: result.secret } };
}

app.http("subscriptionsCreate", {
  methods: ["POST"],
  route: "subscriptions",
  authLevel: "function",
  handler: subscriptionsCreate,
});
