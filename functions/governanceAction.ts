// GET /api/governance/actions/{actionId} (function key, reader): where a governance action stands — pending,
// submitted (tx hash, nonce), confirmed (with the proposal, approvals and whether it executed) or failed (why).
import { app, type HttpRequest, type HttpResponseInit } from "@azure/functions";
import { isAppError } from "../lib/domain/appError.js";
import { getGovernanceAction } from "../lib/governance/getGovernanceAction.js";
import { audited } from "../lib/http/audited.js";
import { governanceActionDeps } from "../lib/composition/governanceDeps.js";
import { services } from "../lib/composition/services.js";

/** Answers the action named in the route. */
export async function governanceAction(request: HttpRequest): Promise<HttpResponseInit> {
  const s = await services();
  // A node that has not imported the action's block yet answers later: 503, never a result it cannot show.
  const found = await getGovernanceAction(governanceActionDeps(s), request.params["actionId"] ?? "").catch(
    (error: unknown) => {
      if (isAppError(error, "NODE_BEHIND")) return "retry" as const;
      throw error;
    },
  );
  if (found === "retry") return { status: 503, headers: { "retry-after": "1" }, jsonBody: { error: "try again" } };
  return found ? { status: 200, jsonBody: found } : { status: 404, jsonBody: { error: "no such governance action" } };
}

app.http("governanceAction", {
  methods: ["GET"],
  route: "governance/actions/{actionId}",
  authLevel: "function",
  handler: audited("governance.action", governanceAction, "reader"),
});
