// GET /api/governance/proposals (function key, reader): the newest membership proposals, newest first, each with its
// action, account, proposer, approvals of the required majority and whether it is open or executed.
import { app, type HttpResponseInit } from "@azure/functions";
import { listProposals } from "../lib/governance/listGovernance.js";
import { audited } from "../lib/http/audited.js";
import { governanceReadDeps } from "../lib/composition/governanceDeps.js";
import { services } from "../lib/composition/services.js";

/** Answers the proposals. */
export async function governanceProposals(): Promise<HttpResponseInit> {
  const s = await services();
  return { status: 200, jsonBody: await listProposals(governanceReadDeps(s)) };
}

app.http("governanceProposals", {
  methods: ["GET"],
  route: "governance/proposals",
  authLevel: "function",
  handler: audited("governance.proposals", governanceProposals, "reader"),
});
