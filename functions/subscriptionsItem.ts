// GET / PATCH / DELETE /api/subscriptions/{id} (function key): one subscription with its delivery counts, changes to
// its URL, filter or state (re-activation clears the disable reason), and deletion. An id that is not a
// subscription id is a 404 whatever it holds.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isSubscriptionId } from "../lib/domain/distributionKeys.js";
import { adminDeps } from "../lib/distributionDeps.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { subscriptionNotFound } from "../lib/http/responses.js";
import { services } from "../lib/services.js";
import { deleteSubscription } from "../lib/subscriptions/deleteSubscription.js";
import { getSubscription } from "../lib/subscriptions/getSubscription.js";
import { updateSubscription } from "../lib/subscriptions/updateSubscription.js";

/** Reads, changes or deletes the subscription named in the route. */
export async function subscriptionsItem(request: HttpRequest): Promise<HttpResponseInit> {
  const id = request.params["id"] ?? "";
  if (!isSubscriptionId(id)) return subscriptionNotFound();
  const s = await services();
  if (request.method === "DELETE") return { status: (await deleteSubscription(s.distribution, { id })) ? 204 : 404 };
  if (request.method === "GET") {
    const found = await getSubscription(s.distribution, { id });
    return found ? { status: 200, jsonBody: found } : subscriptionNotFound();
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const result = await updateSubscription(adminDeps(s), { id, body: body.value });
  if ("notFound" in result) return subscriptionNotFound();
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  s.logger.info({ event: "subscription.updated", subscriptionId: id }, "subscription updated");
  return { status: 200, jsonBody: result.subscription };
}

app.http("subscriptionsItem", {
  methods: ["GET", "PATCH", "DELETE"],
  route: "subscriptions/{id}",
  authLevel: "function",
  handler: subscriptionsItem,
});
