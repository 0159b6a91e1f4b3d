// Responses the admin API shares: secrets are never cached by a browser or proxy, and a subscription that does not
// exist is answered without echoing the caller's id (which may hold control characters or be arbitrarily long).
import type { HttpResponseInit } from "@azure/functions";

/** Headers of a response that carries a `whsec_` secret. */
export const NO_STORE = { "cache-control": "no-store" } as const;

/** 404 for a subscription id that names no subscription. */
export function subscriptionNotFound(): HttpResponseInit {
  return { status: 404, jsonBody: { error: "no such subscription" } };
}
