// GET /api/subscriptions (function key): every subscription, secrets never shown.
import { app, type HttpResponseInit } from "@azure/functions";
import { services } from "../lib/services.js";
import { listSubscriptions } from "../lib/subscriptions/listSubscriptions.js";

/** Lists subscriptions. */
export async function subscriptionsList(): Promise<HttpResponseInit> {
  const s = await services();
  return { status: 200, jsonBody: await listSubscriptions(s.distribution) };
}

app.http("subscriptionsList", {
  methods: ["GET"],
  route: "subscriptions",
  authLevel: "function",
  handler: subscriptionsList,
});
