// GET /api/status/consortium (function key, reader): the console's consortium section — each JSON-RPC endpoint with
// height, lag, peers, latency and last seen, block time, blocks, transactions and records per minute over the last
// 30 minutes, and the registry's members. No subject is involved, so nothing is audited.
import { app, type HttpResponseInit } from "@azure/functions";
import { consortiumDeps } from "../lib/composition/consoleDeps.js";
import { getConsortiumView } from "../lib/console/getConsortiumView.js";
import { services } from "../lib/composition/services.js";

/** Answers the consortium section. */
export async function consoleConsortium(): Promise<HttpResponseInit> {
  const view = await getConsortiumView(consortiumDeps(await services()));
  return { status: 200, headers: { "cache-control": "no-store" }, jsonBody: view };
}

app.http("consoleConsortium", {
  methods: ["GET"],
  route: "status/consortium",
  authLevel: "function",
  handler: consoleConsortium,
});
