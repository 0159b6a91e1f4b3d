// POST /api/governance/proposals (admin key, admin role), body {"action": "add"|"remove", "account": "0x…"}: queues
// the proposal for the submitter, which signs it with the bank's key in its one nonce sequence. Answers 202 with the
// action id to follow at GET /api/governance/actions/{actionId}; a bad body is 400 naming each field.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { requestGovernanceAction } from "../lib/governance/requestGovernanceAction.js";
import { audited } from "../lib/http/audited.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { governanceRequestDeps } from "../lib/composition/governanceDeps.js";
import { services } from "../lib/composition/services.js";
import { actionAccepted } from "../lib/http/governanceResponses.js";

/** Queues the proposal in the body. */
export async function governancePropose(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const s = await services();
  const queued = await requestGovernanceAction(governanceRequestDeps(s), { type: "propose", body: body.value });
  return actionAccepted(s.logger, context, queued);
}

app.http("governancePropose", {
  methods: ["POST"],
  route: "governance/proposals",
  authLevel: "admin",
  handler: audited("governance.propose", governancePropose, "admin"),
});
