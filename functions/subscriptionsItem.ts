// GET / PATCH / DELETE /api/subscriptions/{id} (function key): one subscription with its delivery counts, changes to
// its URL, filter or state (re-activation clears the disable reason), and deletion.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { adminDeps } from "../lib/distributionDeps.js";
import { services } from "../lib/services.js";
import { deleteSubscription } from "../lib/subscriptions/deleteSubscription.js";
import { getSubscription } from "../lib/subscriptions/getSubscription.js";
import { updateSubscription } from "../lib/subscriptions/updateSubscription.js";

/** Reads, changes or deletes the subscription named in the route. */
export async function subscriptionsItem(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  const id = request.params["id"] ?? "";
  if (request.method === "DELETE") return { status: (await deleteSubscription(s.distribution, { id })) ? 204 : 404 };
  if (request.method === "GET") {
    const found = await getSubscription(s.distribution, { id });
    return found ? { status: 200, jsonBody: found } : { status: 404, jsonBody: { error: `no subscription ${id}` } };
  }
  const body: unknown = await request.json().catch(() => undefined);
  const result = await updateSubscription(adminDeps(s), { id, body });
  if ("notFound" in result) return { status: 404, jsonBody: { error: `no subscription ${id}` } };
  return result.ok
    ? { status: 200, jsonBody: result.subscription }
    : { status: 400, jsonBody: { errors: result.errors } };
}

app.http("subscriptionsItem", {
  methods: ["GET", "PATCH", "DELETE"],
  route: "subscriptions/{id}",
  authLevel: "function",
  handler: subscriptionsItem,
});
