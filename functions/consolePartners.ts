// GET /api/status/partners (function key, reader): the console's partners section — each subscription with its
// deliveries of the last 30 minutes by outcome, last failure, exhausted deliveries and why it is disabled.
import { app, type HttpResponseInit } from "@azure/functions";
import { partnersDeps } from "../lib/composition/consoleDeps.js";
import { getPartnersView } from "../lib/console/getPartnersView.js";
import { services } from "../lib/composition/services.js";

/** Answers the partners section. */
export async function consolePartners(): Promise<HttpResponseInit> {
  const view = await getPartnersView(partnersDeps(await services()));
  return { status: 200, headers: { "cache-control": "no-store" }, jsonBody: view };
}

app.http("consolePartners", {
  methods: ["GET"],
  route: "status/partners",
  authLevel: "function",
  handler: consolePartners,
});
