// GET /api/reconciliation/latest (function key): the last stored reconciliation report.
import { app, type HttpResponseInit } from "@azure/functions";
import { getLatestReport } from "../lib/reconciliation/getLatestReport.js";
import { reportDeps } from "../lib/composition/distributionDeps.js";
import { services } from "../lib/composition/services.js";

/** Answers the latest report, 404 before the first run. */
export async function reconciliationLatest(): Promise<HttpResponseInit> {
  const s = await services();
  const report = await getLatestReport(reportDeps(s));
  return report
    ? { status: 200, jsonBody: report }
    : { status: 404, jsonBody: { error: "no reconciliation has run yet" } };
}

app.http("reconciliationLatest", {
  methods: ["GET"],
  route: "reconciliation/latest",
  authLevel: "function",
  handler: reconciliationLatest,
});
