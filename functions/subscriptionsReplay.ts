// POST /api/subscriptions/{id}/replay (operator role): resends deliveries since a time or a block, or only the failed
// ones; since a block it also reads history the subscription never had deliveries for. Answers 202 with counts.
// No body means "replay everything"; a body that is not a valid replay request is a 400, never "everything".
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isSubscriptionId } from "../lib/domain/distributionKeys.js";
import { parseReplayRequest } from "../lib/domain/subscriptionRequest.js";
import { replayDeps } from "../lib/composition/distributionDeps.js";
import { replayDeliveries } from "../lib/distribution/replayDeliveries.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { subscriptionNotFound } from "../lib/http/responses.js";
import { services } from "../lib/composition/services.js";
import { audited } from "../lib/http/audited.js";

/** Replays deliveries of the subscription named in the route. */
export async function subscriptionsReplay(request: HttpRequest): Promise<HttpResponseInit> {
  const subscriptionId = request.params["id"] ?? "";
  if (!isSubscriptionId(subscriptionId)) return subscriptionNotFound();
  const body = await readJsonBody(request, { optional: true });
  if (!body.ok) return body.response;
  const parsed = parseReplayRequest(body.value);
  if (!parsed.ok) return { status: 400, jsonBody: { errors: parsed.errors } };
  const s = await services();
  const replayed = await replayDeliveries(await replayDeps(s), { subscriptionId, ...parsed.choice });
  if (!replayed) return subscriptionNotFound();
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
  handler: audited("subscription.replay", subscriptionsReplay, "operator"),
});
