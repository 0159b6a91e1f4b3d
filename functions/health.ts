// GET /api/health (anonymous): whether the bank can write — `{ status, canWrite, checkedAt }`, 503 when it cannot —
// and nothing else (no endpoint, queue or vault names). Served from the health cache, so anonymous callers never
// drive calls to Key Vault, Service Bus or the nodes. The detailed report is GET /api/health/details (key).
import { app, type HttpResponseInit } from "@azure/functions";
import { healthDeps } from "../lib/composition/distributionDeps.js";
import { getHealth } from "../lib/readApi/getHealth.js";
import { healthCache } from "../lib/readApi/healthCache.js";
import { services } from "../lib/composition/services.js";

/** Answers the cached summary. */
export async function health(): Promise<HttpResponseInit> {
  const s = await services();
  const ttlInMs = s.config.distribution.health.cacheTtlInMs;
  const { report, checkedAt } = await healthCache.get(() => getHealth(healthDeps(s)), { ttlInMs, now: s.clock.now() });
  const summary = { status: report.status, canWrite: report.canWrite, checkedAt: checkedAt.toISOString() };
  return { status: report.httpStatus, headers: { "cache-control": "no-store" }, jsonBody: summary };
}

app.http("health", { methods: ["GET"], route: "health", authLevel: "anonymous", handler: health });
