// The answer of the governance API to a queued action: 202 with the action id to follow, or the refusal naming the
// field (400) or the missing proposal (404); one structured log line per accepted action.
import type { HttpResponseInit, InvocationContext } from "@azure/functions";
import type { Logger } from "pino";
import type { GovernanceRequestResult } from "../governance/requestGovernanceAction.js";

/** 202 `{actionId, action, status: "pending"}` with its Location, or the refusal. */
export function actionAccepted(
  logger: Logger,
  context: InvocationContext,
  queued: GovernanceRequestResult,
): HttpResponseInit {
  if (!queued.ok) return { status: queued.status, jsonBody: { errors: queued.errors } };
  const { actionId, action } = queued;
  logger.info(
    { event: "governance.queued", invocationId: context.invocationId, actionId, action },
    "governance action queued",
  );
  return {
    status: 202,
    headers: { location: `/api/governance/actions/${actionId}` },
    jsonBody: { actionId, action, status: "pending" },
  };
}
