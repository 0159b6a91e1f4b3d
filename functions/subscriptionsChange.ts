// PATCH / DELETE /api/subscriptions/{id} (admin key): changes to a subscription's URL, filter, description or state
// (re-activation clears the disable reason; a new or re-activated URL is judged by the address guard), and deletion.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isSubscriptionId } from "../lib/domain/distributionKeys.js";
import { adminDeps } from "../lib/composition/distributionDeps.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { subscriptionNotFound } from "../lib/http/responses.js";
import { services } from "../lib/composition/services.js";
import { deleteSubscription } from "../lib/subscriptions/deleteSubscription.js";
import { updateSubscription } from "../lib/subscriptions/updateSubscription.js";
import { audited } from "../lib/http/audited.js";

/** Changes or deletes the subscription named in the route. */
export async function subscriptionsChange(request: HttpRequest): Promise<HttpResponseInit> {
  const id = request.params["id"] ?? "";
  if (!isSubscriptionId(id)) return subscriptionNotFound();
  const s = await services();
  if (request.method === "DELETE") {
    const deleted = await deleteSubscription(adminDeps(s), { id });
    if (deleted) s.logger.info({ event: "subscription.deleted", subscriptionId: id }, "subscription deleted");
    return deleted ? { status: 204 } : subscriptionNotFound();
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const result = await updateSubscription(adminDeps(s), { id, body: body.value });
  if ("notFound" in result) return subscriptionNotFound();
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  s.logger.info({ event: "subscription.updated", subscriptionId: id }, "subscription updated");
  return { status: 200, jsonBody: result.subscription };
}

app.http("subscriptionsChange", {
  methods: ["PATCH", "DELETE"],
  route: "subscriptions/{id}",
  authLevel: "admin",
  handler: audited("subscription.change", subscriptionsChange, "admin"),
});
