// GET /api/subscriptions?pageSize=&continuationToken= (function key): a page of subscriptions (at most 100, default
// 50), oldest first, secrets never shown; `continuationToken` in the answer fetches the next page.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { adminDeps } from "../lib/composition/distributionDeps.js";
import { services } from "../lib/composition/services.js";
import { listSubscriptions } from "../lib/subscriptions/listSubscriptions.js";

/** Lists a page of subscriptions. */
export async function subscriptionsList(request: HttpRequest): Promise<HttpResponseInit> {
  const size = request.query.get("pageSize");
  const pageSize = size === null ? undefined : /^\d{1,4}$/.test(size) ? Number(size) : Number.NaN;
  const continuationToken = request.query.get("continuationToken") ?? undefined;
  const s = await services();
  const listed = await listSubscriptions(adminDeps(s), { pageSize, continuationToken });
  return listed.ok ? { status: 200, jsonBody: listed.page } : { status: 400, jsonBody: { errors: [listed.error] } };
}

app.http("subscriptionsList", {
  methods: ["GET"],
  route: "subscriptions",
  authLevel: "function",
  handler: subscriptionsList,
});
