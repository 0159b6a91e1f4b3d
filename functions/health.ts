// GET /api/health (anonymous): each RPC endpoint (height, lag, peers, zero gas price accepted), storage, Service
// Bus and Key Vault; 503 when the bank cannot write.
import { app, type HttpResponseInit } from "@azure/functions";
import { healthDeps } from "../lib/distributionDeps.js";
import { getHealth } from "../lib/readApi/getHealth.js";
import { services } from "../lib/services.js";

/** Checks everything and answers the report. */
export async function health(): Promise<HttpResponseInit> {
  const report = await getHealth(healthDeps(await services()));
  return { status: report.httpStatus, jsonBody: report };
}

app.http("health", { methods: ["GET"], route: "health", authLevel: "anonymous", handler: health });
