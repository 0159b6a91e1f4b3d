// GET /api/status/pipeline (function key, reader): the console's pipeline section — updates per minute by stage
// over the last 30 minutes, enqueue → final p50/p99, transactions in flight, the pending list, Key Vault throttles
// and the dead-letter queues. Work per call is bounded by the window and the work in flight, not by history.
import { app, type HttpResponseInit } from "@azure/functions";
import { pipelineDeps } from "../lib/composition/consoleDeps.js";
import { getPipelineView } from "../lib/console/getPipelineView.js";
import { services } from "../lib/composition/services.js";

/** Answers the pipeline section. */
export async function consolePipeline(): Promise<HttpResponseInit> {
  const view = await getPipelineView(await pipelineDeps(await services()));
  return { status: 200, headers: { "cache-control": "no-store" }, jsonBody: view };
}

app.http("consolePipeline", {
  methods: ["GET"],
  route: "status/pipeline",
  authLevel: "function",
  handler: consolePipeline,
});
