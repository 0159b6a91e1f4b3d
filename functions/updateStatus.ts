// GET /api/updates/{updateId} (function key): an update's current status and timeline (no personal data).
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { getUpdateTimeline } from "../lib/readApi/getUpdateTimeline.js";
import { timelineDeps } from "../lib/composition/submissionDeps.js";
import { services } from "../lib/composition/services.js";

/** Answers the timeline of the update in the route. */
export async function updateStatus(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  const updateId = request.params["updateId"] ?? "";
  const found = await getUpdateTimeline(timelineDeps(s), { updateId });
  return found ? { status: 200, jsonBody: found } : { status: 404, jsonBody: { error: `no update ${updateId}` } };
}

app.http("updateStatus", {
  methods: ["GET"],
  route: "updates/{*updateId}",
  authLevel: "function",
  handler: updateStatus,
});
