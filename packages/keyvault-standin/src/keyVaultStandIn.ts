// The offline Key Vault: an HTTPS server for the keys and secrets REST calls the real SDKs make, with Key Vault's
// challenge-based auth (an unauthenticated request gets 401 + WWW-Authenticate), a managed-identity endpoint (App
// Service protocol) that issues its tokens, optional persistence, and fault injection (429 + Retry-After).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import { handleKeysRequest } from "./keysApi.js";
import { loadOrCreateCertificate } from "./standInCertificate.js";
import { StandInFaults, type InjectThrottlingOptions, type ServiceRateLimit } from "./standInFaults.js";
import { StandInTokens, handleIdentityRequest, standInCredential } from "./standInTokens.js";
import { createKeyRequest, serveVaultRequest, type SignObserver, type VaultContext } from "./vaultRequestHandler.js";
import { VaultStore } from "./vaultStore.js";

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
  onSign?: SignObserver;
  /** Added to every authenticated call. Default 0. */
  latencyInMs?: number;
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
  /** Answers the next `count` matching calls with 429 and Retry-After (or the 5xx given as `status`). */
  inject429(options: InjectThrottlingOptions): void;
  /** Changes the latency added to every authenticated call. */
  setLatency(latencyInMs: number): void;
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
  const faults = new StandInFaults(options.rateLimit, options.latencyInMs);
  const context: VaultContext = { store, tokens, faults, counts: {}, onSign: options.onSign, vaultUrl: "" };
  const vault = createHttpsServer(
    { cert: certificate.certificatePem, key: certificate.privateKeyPem },
    (req, res) => void serveVaultRequest(context, req, res),
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
    credential: standInCredential(tokens),
    clientOptions: { tlsOptions: { ca: [certificate.certificatePem] }, disableChallengeResourceVerification: true },
    inject429: (throttling) => faults.inject429(throttling),
    setLatency: (latencyInMs) => void (faults.latencyInMs = latencyInMs),
    operationCounts: () => ({ ...context.counts }),
    stop: async () => {
      await Promise.all([close(vault), close(identity)]);
      if (!options.dataDir) rmSync(certificateDir, { recursive: true, force: true });
    },
  };
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
