// GET /api/governance/members (function key, reader): the consortium's members at the chain's head, with names
// where the bank's settings know them (CONSORTIUM_MEMBER_NAMES) and this bank marked `isSelf`.
import { app, type HttpResponseInit } from "@azure/functions";
import { listMembers } from "../lib/governance/listGovernance.js";
import { audited } from "../lib/http/audited.js";
import { governanceReadDeps } from "../lib/composition/governanceDeps.js";
import { services } from "../lib/composition/services.js";

/** Answers the members. */
export async function governanceMembers(): Promise<HttpResponseInit> {
  const s = await services();
  return { status: 200, jsonBody: await listMembers(governanceReadDeps(s)) };
}

app.http("governanceMembers", {
  methods: ["GET"],
  route: "governance/members",
  authLevel: "function",
  handler: audited("governance.members", governanceMembers, "reader"),
});
