// POST /api/subscriptions/{id}/replay (function key): resends deliveries since a time or a block, or only the failed
// ones; since a block it also reads history the subscription never had deliveries for. Answers 202 with counts.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { parseReplayRequest } from "../lib/domain/subscriptionRequest.js";
import { replayDeps } from "../lib/distributionDeps.js";
import { replayDeliveries } from "../lib/distribution/replayDeliveries.js";
import { services } from "../lib/services.js";

/** Replays deliveries of the subscription named in the route. */
export async function subscriptionsReplay(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  const subscriptionId = request.params["id"] ?? "";
  const parsed = parseReplayRequest(await request.json().catch(() => ({})));
  if (!parsed.ok) return { status: 400, jsonBody: { errors: parsed.errors } };
  const replayed = await replayDeliveries(replayDeps(s), { subscriptionId, ...parsed.choice });
  if (!replayed) return { status: 404, jsonBody: { error: `no subscription ${subscriptionId}` } };
  s.logger.info(
    { event: "subscription.replayed", subscriptionId, replayed: replayed.replayed, created: replayed.created },
    "replay queued",
  );
  return { status: 202, jsonBody: replayed };
}

app.http("subscriptionsReplay", {
  methods: ["POST"],
  route: "subscriptions/{id}/replay",
  authLevel: "function",
  handler: subscriptionsReplay,
});
