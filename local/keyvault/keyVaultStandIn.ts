// The offline Key Vault: an HTTPS server for the keys and secrets REST calls the real SDKs make, with Key Vault's
// challenge-based auth (an unauthenticated request gets 401 + WWW-Authenticate), a managed-identity endpoint (App
// Service protocol) that issues its tokens, optional persistence, and fault injection (429 + Retry-After).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { TokenCredential } from "@azure/identity";
import path from "node:path";
import { apiError, type ApiRequest, type ApiResult } from "./apiResult.js";
import { handleKeysRequest } from "./keysApi.js";
import { handleSecretsRequest } from "./secretsApi.js";
import { loadOrCreateCertificate } from "./standInCertificate.js";
import { KEY_VAULT_RESOURCE, STAND_IN_TENANT_ID, StandInTokens, handleIdentityRequest } from "./standInTokens.js";
import { StandInFaults, operationOf, type InjectThrottlingOptions, type ServiceRateLimit } from "./standInFaults.js";
import { VaultStore } from "./vaultStore.js";

const CONTROL_PATH = "_standin";

/** Options for {@link startKeyVaultStandIn}. */
export interface KeyVaultStandInOptions {
  /** HTTPS port of the vault; 0 (default) picks a free one. */
  port?: number;
  /** HTTP port of the managed-identity endpoint; 0 (default) picks a free one. */
  identityPort?: number;
  /** Persist keys, secrets, the certificate and the token key here; default: memory (certificate in a temp dir). */
  dataDir?: string;
  /** Keys to create (EC-HSM, P-256K) at start when they do not exist yet. */
  keys?: readonly string[];
  /** Throttle like the service: more authenticated calls than this in a window are answered 429. */
  rateLimit?: ServiceRateLimit;
  /** Sees every sign request before it is answered (tests check the digest with it). */
  onSign?: (request: { keyName: string; algorithm: string; digest: Uint8Array }) => void;
}

/** A running stand-in. */
export interface KeyVaultStandIn {
  /** `https://127.0.0.1:{port}`. */
  readonly vaultUrl: string;
  /** The App Service managed-identity endpoint (`http://127.0.0.1:{port}/msi/token`). */
  readonly identityEndpoint: string;
  /** The value ManagedIdentityCredential must send in X-IDENTITY-HEADER. */
  readonly identityHeader: string;
  /** The self-signed certificate to trust, and the file holding it (for NODE_EXTRA_CA_CERTS). */
  readonly certificatePem: string;
  readonly certificateFile: string;
  /** Settings for a process that should use the stand-in with the production code path. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * A credential bound to this stand-in, for in-process code that cannot use ManagedIdentityCredential (MSAL
   * picks the managed-identity endpoint once per process, so a second stand-in in one process needs this).
   */
  readonly credential: TokenCredential;
  /** Pipeline options for in-process SDK clients: trust the certificate, accept the loopback vault URL. */
  readonly clientOptions: { tlsOptions: { ca: string[] }; disableChallengeResourceVerification: true };
  /** Answers the next `count` matching calls with 429 and Retry-After. */
  inject429(options: InjectThrottlingOptions): void;
  /** Calls answered so far, by operation (`sign`, `getKey`, `challenge`, `throttled`, …). */
  operationCounts(): Record<string, number>;
  stop(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 and resolves once both endpoints listen. */
export async function startKeyVaultStandIn(options: KeyVaultStandInOptions = {}): Promise<KeyVaultStandIn> {
  const certificateDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "creditlink-keyvault-"));
  const store = new VaultStore(options.dataDir);
  const certificate = await loadOrCreateCertificate(certificateDir);
  const tokens = new StandInTokens(store.tokenKey);
  const faults = new StandInFaults(options.rateLimit);
  const counts: Record<string, number> = {};
  const context = { store, tokens, faults, counts, options, vaultUrl: "" };
  const vault = createHttpsServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    (req, res) => void serveVault(context, req, res),
  );
  const identity = createHttpServer((req, res) => handleIdentityRequest(req, res, tokens, store.identityHeader));
  const vaultPort = await listen(vault, options.port ?? 0);
  const identityPort = await listen(identity, options.identityPort ?? 0);
  context.vaultUrl = `https://127.0.0.1:${vaultPort}`;
  for (const name of options.keys ?? []) {
    if (!store.key(name)) handleKeysRequest(store, context.vaultUrl, createKeyRequest(name));
  }
  const identityEndpoint = `http://127.0.0.1:${identityPort}/msi/token`;
  return {
    vaultUrl: context.vaultUrl,
    identityEndpoint,
    identityHeader: store.identityHeader,
    certificatePem: certificate.certificatePem,
    certificateFile: certificate.certificateFile,
    env: Object.freeze({
      KEYVAULT_URL: context.vaultUrl,
      KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION: "true",
      IDENTITY_ENDPOINT: identityEndpoint,
      IDENTITY_HEADER: store.identityHeader,
      NODE_EXTRA_CA_CERTS: certificate.certificateFile,
    }),
    credential: {
      getToken: async (scopes) => {
        const resource = (Array.isArray(scopes) ? scopes[0] : scopes)?.replace(/\/\.default$/, "") ?? "";
        const { token, expiresOnInSeconds } = tokens.issue(resource);
        return { token, expiresOnTimestamp: expiresOnInSeconds * 1000, tokenType: "Bearer" };
      },
    },
    clientOptions: { tlsOptions: { ca: [certificate.certificatePem] }, disableChallengeResourceVerification: true },
    inject429: (throttling) => faults.inject429(throttling),
    operationCounts: () => ({ ...counts }),
    stop: async () => {
      await Promise.all([close(vault), close(identity)]);
      if (!options.dataDir) rmSync(certificateDir, { recursive: true, force: true });
    },
  };
}

interface ServeContext {
  store: VaultStore;
  tokens: StandInTokens;
  faults: StandInFaults;
  counts: Record<string, number>;
  options: KeyVaultStandInOptions;
  vaultUrl: string;
}

async function serveVault(context: ServeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    const throttled = operation === "control" ? undefined : context.faults.throttle(operation);
    result = throttled ?? dispatch(context, collection, request, operation);
    count(result.status === 429 ? "throttled" : operation);
  }
  res.writeHead(result.status, { "content-type": "application/json; charset=utf-8", ...result.headers });
  res.end(result.status === 204 ? undefined : JSON.stringify(result.body));
}

function dispatch(context: ServeContext, collection: string, request: ApiRequest, operation: string): ApiResult {
  if (collection === CONTROL_PATH) return control(context, request);
  if (collection === "keys") {
    if (operation === "sign" && context.options.onSign) {
      const digest = Buffer.from(String(request.body.value ?? ""), "base64url");
      context.options.onSign({ keyName: request.segments[0] ?? "", algorithm: String(request.body.alg), digest });
    }
    return handleKeysRequest(context.store, context.vaultUrl, request);
  }
  if (collection === "secrets") return handleSecretsRequest(context.store, context.vaultUrl, request);
  return apiError(404, "NotFound", "Unknown path.");
}

/**
 * Test control for a stand-in running in another process (authenticated like any vault call):
 * `POST /_standin/inject429` with {@link InjectThrottlingOptions}, `GET /_standin/operation-counts`.
 */
function control(context: ServeContext, request: ApiRequest): ApiResult {
  const [action] = request.segments;
  if (request.method === "POST" && action === "inject429" && typeof request.body.count === "number") {
    context.faults.inject429(request.body as unknown as InjectThrottlingOptions);
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

function createKeyRequest(name: string): ApiRequest {
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

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
