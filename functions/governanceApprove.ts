// POST /api/governance/proposals/{proposalId}/approve (admin key, admin role), no body (or `{}`): queues this bank's
// approval for the submitter. Answers 202 with the action id to follow; 404 for a proposal the chain does not have.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { unknownFields } from "../lib/domain/unknownFields.js";
import { requestGovernanceAction } from "../lib/governance/requestGovernanceAction.js";
import { audited } from "../lib/http/audited.js";
import { actionAccepted } from "../lib/http/governanceResponses.js";
import { readJsonBody } from "../lib/http/jsonBody.js";
import { governanceRequestDeps } from "../lib/composition/governanceDeps.js";
import { services } from "../lib/composition/services.js";

/** Queues the approval of the proposal in the route. */
export async function governanceApprove(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const body = await readJsonBody(request, { optional: true });
  if (!body.ok) return body.response;
  const value = body.value ?? {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { status: 400, jsonBody: { errors: ["body must be empty or {}"] } };
  }
  const unknown = unknownFields(value as Record<string, unknown>, [], "");
  if (unknown.length > 0) return { status: 400, jsonBody: { errors: unknown } };
  const s = await services();
  const proposalId = request.params["proposalId"] ?? "";
  return actionAccepted(
    s.logger,
    context,
    await requestGovernanceAction(governanceRequestDeps(s), { type: "approve", proposalId }),
  );
}

app.http("governanceApprove", {
  methods: ["POST"],
  route: "governance/proposals/{proposalId}/approve",
  authLevel: "admin",
  handler: audited("governance.approve", governanceApprove, "admin"),
});
