// GET /api/subscriptions/{id} (function key: the reader role): one subscription with its delivery counts, secrets
// never shown. Changes are subscriptionsChange (PATCH/DELETE, admin). An id that is not a subscription id is a 404.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isSubscriptionId } from "../lib/domain/distributionKeys.js";
import { subscriptionNotFound } from "../lib/http/responses.js";
import { adminDeps } from "../lib/composition/distributionDeps.js";
import { services } from "../lib/composition/services.js";
import { getSubscription } from "../lib/subscriptions/getSubscription.js";

/** Reads the subscription named in the route. */
export async function subscriptionsItem(request: HttpRequest): Promise<HttpResponseInit> {
  const id = request.params["id"] ?? "";
  if (!isSubscriptionId(id)) return subscriptionNotFound();
  const s = await services();
  const found = await getSubscription(adminDeps(s), { id });
  return found ? { status: 200, jsonBody: found } : subscriptionNotFound();
}

app.http("subscriptionsItem", {
  methods: ["GET"],
  route: "subscriptions/{id}",
  authLevel: "function",
  handler: subscriptionsItem,
});
