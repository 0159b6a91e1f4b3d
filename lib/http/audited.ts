// The audit log of admin actions and subject lookups: one structured `audit` event per call — who (the App Service
// Authentication principal in Azure, which the platform sets and strips from clients; locally the role of the key
// the host stand-in saw), what, when and the outcome. A subject appears only as its subject key, never its id.
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { services } from "../services.js";

/** Set by the local host stand-in (stripped from clients): the role of the presented key. */
const KEY_ROLE_HEADER = "x-functions-key-role";

/** Who made a request, as far as the platform vouches for it. */
export function actorOf(request: HttpRequest): Record<string, string> {
  const principalName = request.headers.get("x-ms-client-principal-name");
  const principalId = request.headers.get("x-ms-client-principal-id");
  if (principalName || principalId) return { principalName: principalName ?? "", principalId: principalId ?? "" };
  return { keyRole: request.headers.get(KEY_ROLE_HEADER) ?? "unknown" };
}

/** Wraps an HTTP handler so each call logs one `audit` event named `action`. */
export function audited(action: string, handler: HttpHandler): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext) => {
    const at = new Date().toISOString();
    let response: HttpResponseInit | undefined;
    try {
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
