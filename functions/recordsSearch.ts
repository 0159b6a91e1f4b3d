// POST /api/records/search (function key), body {scheme, country, id}: every bank's record of a subject, as
// GET /api/records answers it, with the subject (personal data) in the body instead of the URL, which request
// telemetry and proxies record.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { recordsDeps } from "../lib/composition/distributionDeps.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { getSubjectRecords, subjectQueryOf } from "../lib/readApi/getSubjectRecords.js";
import { services } from "../lib/composition/services.js";
import { audited } from "../lib/http/audited.js";

/** Answers the records of the subject in the body. */
export async function recordsSearch(request: HttpRequest): Promise<HttpResponseInit> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const subject = subjectQueryOf(body.value);
  if (!subject.ok) return { status: 400, jsonBody: { errors: subject.errors } };
  const s = await services();
  const result = await getSubjectRecords(await recordsDeps(s), subject.query);
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  return { status: 200, jsonBody: { subjectKey: result.subjectKey, records: result.records } };
}

app.http("recordsSearch", {
  methods: ["POST"],
  route: "records/search",
  authLevel: "function",
  handler: audited("subject.lookup", recordsSearch),
});
