// DELETE /api/subjects (function key), body {scheme, country, id}: erases the subject's personal data held by this
// bank and queues the tombstone of our record on chain. The subject travels in the body only, never in the URL, and
// is never logged: the log line and the answer carry the subject key.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { eraseDeps } from "../lib/composition/distributionDeps.js";
import { eraseSubject } from "../lib/erasure/eraseSubject.js";
import { services } from "../lib/composition/services.js";
import { audited } from "../lib/http/audited.js";

/** Erases the subject named in the body; answers what was removed and the tombstone. */
export async function subjectsErase(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const body: unknown = await request.json().catch(() => undefined);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { status: 400, jsonBody: { errors: ["(body) must be a JSON object with scheme, country and id"] } };
  }
  const s = await services();
  const result = await eraseSubject(await eraseDeps(s), body as Record<string, unknown>);
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  const { subjectKey, removed, tombstone } = result.report;
  const tombstoneId = tombstone?.updateId ?? null;
  const fields = { event: "subject.erased", invocationId: context.invocationId, subjectKey, ...removed, tombstoneId };
  s.logger.info(fields, "subject erased");
  return { status: 200, jsonBody: result.report };
}

app.http("subjectsErase", {
  methods: ["DELETE"],
  route: "subjects",
  authLevel: "admin",
  handler: audited("subject.erase", subjectsErase, "admin"),
});
