// GET /api/records?scheme=&country=&id= (function key): every bank's record of a subject, read from the chain
// through our node, with whether our own records' commitments verify. Kept for existing callers; new ones use
// POST /api/records/search (recordsSearch.ts), which keeps the subject out of the URL.
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { recordsDeps } from "../lib/composition/distributionDeps.js";
import { getSubjectRecords } from "../lib/readApi/getSubjectRecords.js";
import { services } from "../lib/composition/services.js";
import { audited } from "../lib/http/audited.js";

/** Answers the subject's records. */
export async function records(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  const query = Object.fromEntries(request.query.entries());
  const result = await getSubjectRecords(await recordsDeps(s), query);
  if (!result.ok) return { status: 400, jsonBody: { errors: result.errors } };
  return { status: 200, jsonBody: { subjectKey: result.subjectKey, records: result.records } };
}

app.http("records", {
  methods: ["GET"],
  route: "records",
  authLevel: "function",
  handler: audited("subject.lookup", records),
});
