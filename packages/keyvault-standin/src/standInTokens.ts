// Access tokens of the Key Vault stand-in and the managed-identity endpoint that issues them. The endpoint speaks
// the App Service protocol (GET IDENTITY_ENDPOINT?resource=…&api-version=2019-08-01 with X-IDENTITY-HEADER), so
// @azure/identity's ManagedIdentityCredential runs unchanged. Tokens are HMAC-signed, so they survive a restart.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenCredential } from "@azure/core-auth";

/** The audience Key Vault's challenge names and tokens must carry. */
export const KEY_VAULT_RESOURCE = "https://vault.azure.net";
/** The tenant the challenge names (any GUID: the stand-in has no directory). */
export const STAND_IN_TENANT_ID = "00000000-0000-0000-0000-00000000c0de";

const TOKEN_LIFETIME_IN_SECONDS = 24 * 60 * 60;

interface TokenClaims {
  aud: string;
  exp: number;
  oid: string;
}

/** Issues and checks the stand-in's bearer tokens. */
export class StandInTokens {
  readonly #key: string;

  constructor(key: string) {
    this.#key = key;
  }

  issue(resource: string, expiresInSeconds = TOKEN_LIFETIME_IN_SECONDS): { token: string; expiresOnInSeconds: number } {
    const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const payload = Buffer.from(JSON.stringify({ aud: resource, exp, oid: "stand-in-identity" })).toString("base64url");
    return { token: `${payload}.${this.#mac(payload)}`, expiresOnInSeconds: exp };
  }

  /** Whether `authorization` is `Bearer <token>` with a valid, unexpired token for Key Vault. */
  accepts(authorization: string | undefined): boolean {
    const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
    if (!match) return false;
    const [, payload = "", mac = ""] = match;
    const expected = Buffer.from(this.#mac(payload));
    if (expected.length !== mac.length || !timingSafeEqual(expected, Buffer.from(mac))) return false;
    try {
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
      return claims.aud.replace(/\/$/, "") === KEY_VAULT_RESOURCE && claims.exp > Date.now() / 1000;
    } catch {
      return false;
    }
  }

  #mac(payload: string): string {
    return createHmac("sha256", this.#key).update(payload).digest("base64url");
  }
}

/** Handles the App Service managed-identity token request. */
export function handleIdentityRequest(
  request: IncomingMessage,
  response: ServerResponse,
  tokens: StandInTokens,
  identityHeader: string,
): void {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const resource = url.searchParams.get("resource");
  const send = (status: number, body: unknown): void => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  if (request.method !== "GET" || url.pathname !== "/msi/token") {
    send(404, { error: "not_found", error_description: "unknown path" });
  } else if (request.headers["x-identity-header"] !== identityHeader) {
    send(401, { error: "unauthorized", error_description: "missing or wrong X-IDENTITY-HEADER" });
  } else if (!resource) {
    send(400, { error: "invalid_request", error_description: "resource is required" });
  } else {
    const { token, expiresOnInSeconds } = tokens.issue(resource);
    send(200, {
      access_token: token,
      expires_on: String(expiresOnInSeconds),
      resource,
      token_type: "Bearer",
      client_id: "00000000-0000-0000-0000-0000000000c1",
    });
  }
}

/** A credential that takes tokens straight from the stand-in (no HTTP, no process environment). */
export function standInCredential(tokens: StandInTokens): TokenCredential {
  return {
    getToken: async (scopes) => {
      const resource = (Array.isArray(scopes) ? scopes[0] : scopes)?.replace(/\/\.default$/, "") ?? "";
      const { token, expiresOnInSeconds } = tokens.issue(resource);
      return { token, expiresOnTimestamp: expiresOnInSeconds * 1000, tokenType: "Bearer" };
    },
  };
}
