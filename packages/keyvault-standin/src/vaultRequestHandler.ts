// The stand-in's vault endpoint: Key Vault's challenge (401 + WWW-Authenticate) for calls without a valid token,
// injected or rate-limit 429s, then the keys and secrets APIs; plus a small control API for tests in another
// process. Every answered call is counted by operation.
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiError, type ApiRequest, type ApiResult } from "./apiResult.js";
import { handleKeysRequest } from "./keysApi.js";
import { handleSecretsRequest } from "./secretsApi.js";
import { operationOf, type InjectThrottlingOptions, type StandInFaults } from "./standInFaults.js";
import { KEY_VAULT_RESOURCE, STAND_IN_TENANT_ID, type StandInTokens } from "./standInTokens.js";
import type { VaultStore } from "./vaultStore.js";

const CONTROL_PATH = "_standin";

/** Sees a sign request before it is answered. */
export type SignObserver = (request: { keyName: string; algorithm: string; digest: Uint8Array }) => void;

/** What the request handler works with. */
export interface VaultContext {
  store: VaultStore;
  tokens: StandInTokens;
  faults: StandInFaults;
  counts: Record<string, number>;
  onSign?: SignObserver | undefined;
  vaultUrl: string;
}

/** Answers one vault request: challenge, throttling, then the keys, secrets or control API. */
export async function serveVaultRequest(
  context: VaultContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", context.vaultUrl);
  const [, collection = "", ...segments] = url.pathname.split("/");
  const request: ApiRequest = { method: req.method ?? "GET", segments, body: await readJsonBody(req) };
  const operation = operationOf(collection, request);
  const count = (name: string): void => void (context.counts[name] = (context.counts[name] ?? 0) + 1);
  let result: ApiResult;
  if (!context.tokens.accepts(req.headers.authorization)) {
    count("challenge");
    result = challenge();
  } else {
    if (operation !== "control") await context.faults.delay();
    const throttled = operation === "control" ? undefined : context.faults.throttle(operation);
    result = throttled ?? dispatch(context, collection, request, operation);
    count(result.status === 429 ? "throttled" : operation);
  }
  res.writeHead(result.status, { "content-type": "application/json; charset=utf-8", ...result.headers });
  res.end(result.status === 204 ? undefined : JSON.stringify(result.body));
}

function dispatch(context: VaultContext, collection: string, request: ApiRequest, operation: string): ApiResult {
  if (collection === CONTROL_PATH) return control(context, request);
  if (collection === "keys") {
    if (operation === "sign" && context.onSign) {
      const digest = Buffer.from(String(request.body.value ?? ""), "base64url");
      context.onSign({ keyName: request.segments[0] ?? "", algorithm: String(request.body.alg), digest });
    }
    return handleKeysRequest(context.store, context.vaultUrl, request);
  }
  if (collection === "secrets") return handleSecretsRequest(context.store, context.vaultUrl, request);
  return apiError(404, "NotFound", "Unknown path.");
}

/**
 * Test control for a stand-in running in another process (authenticated like any vault call):
 * `POST /_standin/inject429` with {@link InjectThrottlingOptions}, `POST /_standin/latency` with `{ latencyInMs }`,
 * `GET /_standin/operation-counts`.
 */
function control(context: VaultContext, request: ApiRequest): ApiResult {
  const [action] = request.segments;
  if (request.method === "POST" && action === "inject429" && typeof request.body.count === "number") {
    context.faults.inject429(request.body as unknown as InjectThrottlingOptions);
    return { status: 204, body: "" };
  }
  if (request.method === "POST" && action === "latency" && typeof request.body.latencyInMs === "number") {
    context.faults.latencyInMs = request.body.latencyInMs;
    return { status: 204, body: "" };
  }
  if (request.method === "GET" && action === "operation-counts") return { status: 200, body: { ...context.counts } };
  return apiError(400, "BadParameter", "Unknown stand-in control request.");
}

function challenge(): ApiResult {
  const authenticate = `Bearer authorization="https://login.microsoftonline.com/${STAND_IN_TENANT_ID}", resource="${KEY_VAULT_RESOURCE}"`;
  return apiError(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.", {
    "www-authenticate": authenticate,
  });
}

/** The request that creates an EC-HSM P-256K key (the production key type). */
export function createKeyRequest(name: string): ApiRequest {
  return { method: "POST", segments: [name, "create"], body: { kty: "EC-HSM", crv: "P-256K" } };
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
