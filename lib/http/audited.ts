// The audit log of admin actions and subject lookups: one structured `audit` event per call — who (the App Service
// Authentication principal in Azure, which the platform sets and strips from clients; locally the role of the key
// the host stand-in saw), what, when and the outcome. A subject appears only as its subject key, never its id.
// The caller's role must reach the action's role (reader < operator < admin), beside the function key the route
// requires: in Azure the principal's Entra ID app roles, locally the role of the key the host stand-in saw. A
// shortfall is 403, audited as denied.
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { services } from "../composition/services.js";

/** Set by the local host stand-in (stripped from clients): the role of the presented key. */
const KEY_ROLE_HEADER = "x-functions-key-role";

/** Who made a request, as far as the platform vouches for it. */
export function actorOf(request: HttpRequest): Record<string, string> {
  const principalName = request.headers.get("x-ms-client-principal-name");
  const principalId = request.headers.get("x-ms-client-principal-id");
  if (principalName || principalId) return { principalName: principalName ?? "", principalId: principalId ?? "" };
  return { keyRole: request.headers.get(KEY_ROLE_HEADER) ?? "unknown" };
}

/** The app roles an action may require, each including the ones before it. */
export const ROLES = ["reader", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The principal's highest app role, from the `x-ms-client-principal` header App Service Authentication sets (base64
 * JSON with a `claims` list); undefined when there is no principal (locally, the key level is the role).
 */
export function principalRole(request: Pick<HttpRequest, "headers">): Role | "none" | undefined {
  const header = request.headers.get("x-ms-client-principal");
  if (!header) return undefined;
  let claims: { typ?: unknown; val?: unknown }[] = [];
  try {
    claims = (JSON.parse(Buffer.from(header, "base64").toString("utf8")) as { claims?: typeof claims }).claims ?? [];
  } catch {
    return "none";
  }
  const held = claims.filter((c) => c.typ === "roles" || c.typ === ROLE_CLAIM).map((c) => c.val);
  return [...ROLES].reverse().find((role) => held.includes(role)) ?? "none";
}

const ROLE_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

/**
 * The caller's role: the principal's (Azure) or the presented key's as the host stand-in reports it (local); undefined
 * when neither is known (the function key level alone then decides, as `authLevel` says).
 */
export function callerRole(request: Pick<HttpRequest, "headers">): Role | "none" | undefined {
  const principal = principalRole(request);
  if (principal !== undefined) return principal;
  const keyRole = request.headers.get(KEY_ROLE_HEADER);
  return ROLES.find((role) => role === keyRole);
}

/** Wraps an HTTP handler so each call logs one `audit` event named `action`; a principal needs `role`. */
export function audited(action: string, handler: HttpHandler, role: Role = "reader"): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext) => {
    const at = new Date().toISOString();
    let response: HttpResponseInit | undefined;
    try {
      const held = callerRole(request);
      if (held !== undefined && (held === "none" || ROLES.indexOf(held) < ROLES.indexOf(role))) {
        response = { status: 403, jsonBody: { errors: [`this action requires the ${role} role`] } };
        return response;
      }
      response = (await handler(request, context)) as HttpResponseInit;
      return response;
    } finally {
      const status = response?.status ?? (response ? 200 : 500);
      const body = response?.jsonBody as { subjectKey?: unknown } | undefined;
      const subjectKey = typeof body?.subjectKey === "string" ? body.subjectKey : undefined;
      const subscriptionId = request.params["id"];
      const outcome = status < 400 ? "succeeded" : status === 401 || status === 403 ? "denied" : "refused";
      const { logger } = await services();
      logger.info(
        {
          event: "audit",
          audit: {
            at,
            action,
            method: request.method,
            actor: actorOf(request),
            outcome,
            status,
            subjectKey,
            subscriptionId,
          },
        },
        `audit ${action} ${outcome}`,
      );
    }
  };
}
