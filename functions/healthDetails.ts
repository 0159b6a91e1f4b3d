// GET /api/health/details (function key): each RPC endpoint (redacted URL, height, lag, peers, zero gas price
// accepted), storage, Service Bus and Key Vault; 503 when the bank cannot write. Served from the health cache.
import { app, type HttpResponseInit } from "@azure/functions";
import { healthDeps } from "../lib/composition/distributionDeps.js";
import { getHealth } from "../lib/readApi/getHealth.js";
import { healthCache } from "../lib/readApi/healthCache.js";
import { services } from "../lib/composition/services.js";

/** Answers the cached full report. */
export async function healthDetails(): Promise<HttpResponseInit> {
  const s = await services();
  const ttlInMs = s.config.distribution.health.cacheTtlInMs;
  const { report, checkedAt } = await healthCache.get(() => getHealth(healthDeps(s)), { ttlInMs, now: s.clock.now() });
  const body = { ...report, checkedAt: checkedAt.toISOString() };
  return { status: report.httpStatus, headers: { "cache-control": "no-store" }, jsonBody: body };
}

app.http("healthDetails", { methods: ["GET"], route: "health/details", authLevel: "function", handler: healthDetails });
