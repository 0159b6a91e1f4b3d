// The stand-in through the real Key Vault SDK clients and raw HTTPS: the challenge flow, keys and secrets, ES256K
// signatures checked with secp256k1, injected faults and persistence.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import os from "node:os";
import path from "node:path";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { SecretClient } from "@azure/keyvault-secrets";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "../src/keyVaultStandIn.js";

/** A raw HTTPS request to the stand-in that trusts only its certificate. */
function vaultRequest(
  standIn: KeyVaultStandIn,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${standIn.vaultUrl}${pathAndQuery}`, { ca: standIn.certificatePem, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("startKeyVaultStandIn", () => {
  let standIn: KeyVaultStandIn;
  let keys: KeyClient;

  beforeAll(async () => {
    standIn = await startKeyVaultStandIn();
    keys = new KeyClient(standIn.vaultUrl, standIn.credential, standIn.clientOptions);
  });
  afterAll(() => standIn.stop());

  it("answers an unauthenticated request with 401 and a Key Vault challenge", async () => {
    const response = await vaultRequest(standIn, "/keys/any?api-version=2025-07-01");
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(
      /^Bearer authorization="https:\/\/login\.microsoftonline\.com\/[^"]+", resource="https:\/\/vault\.azure\.net"$/,
    );
  });

  it("rejects a forged bearer token", async () => {
    const response = await vaultRequest(standIn, "/keys?api-version=2025-07-01", { authorization: "Bearer abc.def" });
    expect(response.status).toBe(401);
  });

  it("issues tokens from the App Service managed-identity endpoint only with the identity header", async () => {
    const url = `${standIn.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent("https://vault.azure.net")}`;
    expect((await fetch(url, { headers: { "x-identity-header": "wrong" } })).status).toBe(401);
    const answer = (await (await fetch(url, { headers: { "x-identity-header": standIn.identityHeader } })).json()) as {
      access_token: string;
      expires_on: string;
      token_type: string;
    };
    expect(answer.token_type).toBe("Bearer");
    expect(Number(answer.expires_on)).toBeGreaterThan(Date.now() / 1000);
    const response = await vaultRequest(standIn, "/keys?api-version=2025-07-01", {
      authorization: `Bearer ${answer.access_token}`,
    });
    expect(response.status).toBe(200);
  });

  it("creates EC and EC-HSM P-256K keys, each create a new version, and gets latest and versioned keys", async () => {
    const software = await keys.createEcKey("software-key", { curve: "P-256K" });
    const first = await keys.createEcKey("hsm-key", { curve: "P-256K", hsm: true });
    const second = await keys.createEcKey("hsm-key", { curve: "P-256K", hsm: true });
    expect(software.keyType).toBe("EC");
    expect(first.keyType).toBe("EC-HSM");
    expect(second.properties.version).not.toBe(first.properties.version);
    expect((await keys.getKey("hsm-key")).id).toBe(second.id);
    const older = await keys.getKey("hsm-key", { version: first.properties.version ?? "" });
    expect(older.key?.x).toEqual(first.key?.x);
    const versions: string[] = [];
    for await (const properties of keys.listPropertiesOfKeyVersions("hsm-key")) versions.push(properties.version ?? "");
    expect(versions).toEqual([first.properties.version, second.properties.version]);
  });

  it("refuses other curves and answers 404 for unknown keys", async () => {
    await expect(keys.createEcKey("p256", { curve: "P-256" })).rejects.toMatchObject({ statusCode: 400 });
    await expect(keys.getKey("missing")).rejects.toMatchObject({ statusCode: 404, code: "KeyNotFound" });
  });

  it("signs ES256K digests with real secp256k1 signatures, about half of them high-s", async () => {
    const key = await keys.createEcKey("signing-key", { curve: "P-256K", hsm: true });
    const publicKey = new Uint8Array([4, ...(key.key?.x ?? []), ...(key.key?.y ?? [])]);
    expect(publicKey).toHaveLength(65);
    const client = new CryptographyClient(key, standIn.credential, standIn.clientOptions);
    let highS = 0;
    for (let i = 0; i < 120; i += 1) {
      const digest = randomBytes(32);
      const { result } = await client.sign("ES256K", digest);
      expect(result).toHaveLength(64);
      expect(secp256k1.verify(result, digest, publicKey, { prehash: false, lowS: false })).toBe(true);
      if (BigInt(`0x${Buffer.from(result.subarray(32)).toString("hex")}`) > secp256k1.Point.CURVE().n / 2n) highS += 1;
    }
    expect(highS).toBeGreaterThan(30);
    expect(highS).toBeLessThan(90);
    await expect(client.sign("ES256K", randomBytes(20))).rejects.toMatchObject({ statusCode: 400 });
  });

  it("answers injected 429s with Retry-After, then signs again", async () => {
    const key = await keys.createEcKey("throttled-key", { curve: "P-256K" });
    const client = new CryptographyClient(key, standIn.credential, {
      ...standIn.clientOptions,
      retryOptions: { maxRetries: 0 },
    });
    standIn.inject429({ count: 1, retryAfterInSeconds: 7 });
    const error = await client.sign("ES256K", randomBytes(32)).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 429, code: "Throttled" });
    expect((error as { response: { headers: { get(n: string): string } } }).response.headers.get("retry-after")).toBe(
      "7",
    );
    expect((await client.sign("ES256K", randomBytes(32))).result).toHaveLength(64);
    expect(standIn.operationCounts().throttled).toBe(1);
  });

  it("sets and gets secrets, latest and by version, and lists versions", async () => {
    const secrets = new SecretClient(standIn.vaultUrl, standIn.credential, standIn.clientOptions);
    const first = await secrets.setSecret("consortium-hmac-key", "one", { contentType: "text/plain" });
    await secrets.setSecret("consortium-hmac-key", "two");
    expect((await secrets.getSecret("consortium-hmac-key")).value).toBe("two");
    const older = await secrets.getSecret("consortium-hmac-key", { version: first.properties.version ?? "" });
    expect(older).toMatchObject({ value: "one", properties: { contentType: "text/plain" } });
    let versions = 0;
    for await (const _ of secrets.listPropertiesOfSecretVersions("consortium-hmac-key")) versions += 1;
    expect(versions).toBe(2);
    await expect(secrets.getSecret("missing")).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("startKeyVaultStandIn with a data directory", () => {
  it("keeps keys, secrets, the certificate and issued tokens across a restart", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "keyvault-test-"));
    try {
      const first = await startKeyVaultStandIn({ dataDir, keys: ["persistent-key"] });
      const port = Number(new URL(first.vaultUrl).port);
      const token = await first.credential.getToken("https://vault.azure.net/.default");
      const keys = new KeyClient(first.vaultUrl, first.credential, first.clientOptions);
      const before = await keys.getKey("persistent-key");
      await new SecretClient(first.vaultUrl, first.credential, first.clientOptions).setSecret("kept", "value");
      await first.stop();

      const second = await startKeyVaultStandIn({ dataDir, port, keys: ["persistent-key"] });
      expect(second.certificatePem).toBe(first.certificatePem);
      const after = await keys.getKey("persistent-key");
      expect(after.id).toBe(before.id);
      expect(after.key?.x).toEqual(before.key?.x);
      const response = await vaultRequest(second, "/secrets/kept?api-version=2025-07-01", {
        authorization: `Bearer ${token?.token ?? ""}`,
      });
      expect(JSON.parse(response.body)).toMatchObject({ value: "value" });
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the stand-in's control endpoint", () => {
  it("injects 429s and reports operation counts for callers in another process", async () => {
    const standIn = await startKeyVaultStandIn({ keys: ["controlled"] });
    try {
      const token = (await standIn.credential.getToken("https://vault.azure.net/.default"))?.token ?? "";
      const post = request(`${standIn.vaultUrl}/_standin/inject429`, {
        method: "POST",
        ca: standIn.certificatePem,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      });
      const status = await new Promise<number>((resolve, reject) => {
        post.on("response", (res) => resolve(res.statusCode ?? 0)).on("error", reject);
        post.end(JSON.stringify({ count: 1, retryAfterInSeconds: 2, operation: "getKey" }));
      });
      expect(status).toBe(204);
      const keys = new KeyClient(standIn.vaultUrl, standIn.credential, {
        ...standIn.clientOptions,
        retryOptions: { maxRetries: 0 },
      });
      await expect(keys.getKey("controlled")).rejects.toMatchObject({ statusCode: 429 });
      const counts = await vaultRequest(standIn, "/_standin/operation-counts", { authorization: `Bearer ${token}` });
      expect(JSON.parse(counts.body)).toMatchObject({ throttled: 1 });
    } finally {
      await standIn.stop();
    }
  });
});
