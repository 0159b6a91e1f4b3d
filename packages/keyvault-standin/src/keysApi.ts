// The keys REST calls the @azure/keyvault-keys SDK makes, for EC P-256K keys: create, get (latest or a version),
// list keys and versions, sign and verify ES256K. Signatures are real secp256k1 signatures over the caller's
// digest with a random nonce and without low-s normalisation, so about half are high-s, as the service's are.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { apiError, ok, type ApiRequest, type ApiResult } from "./apiResult.js";
import type { StoredKeyVersion, VaultStore } from "./vaultStore.js";

const DEFAULT_KEY_OPS = ["sign", "verify"];

/** Answers one `/keys/...` request. */
export function handleKeysRequest(store: VaultStore, vaultUrl: string, request: ApiRequest): ApiResult {
  const { method, segments, body } = request;
  const [name = "", second, third] = segments;
  const kid = (key: StoredKeyVersion): string => `${vaultUrl}/keys/${name}/${key.version}`;
  if (method === "GET" && name === "") return listKeys(store, vaultUrl);
  if (method === "POST" && second === "create" && third === undefined) return createKey(store, name, body, kid);
  if (method === "GET" && second === "versions") return listVersions(store, name, kid);
  const key = store.key(name, second ?? "");
  if (!key)
    return apiError(
      404,
      "KeyNotFound",
      `A key with (name/id) ${name}/${second ?? ""} was not found in this key vault.`,
    );
  if (method === "GET" && third === undefined) return ok(keyBundle(key, kid(key)));
  if (method === "POST" && (third === "sign" || third === "verify")) {
    if (!key.enabled) return apiError(403, "Forbidden", "Operation is not allowed on a disabled key.");
    if (!key.keyOps.includes(third))
      return apiError(403, "Forbidden", `Operation ${third} is not permitted on this key.`);
    return third === "sign" ? sign(key, body, kid(key)) : verify(key, body);
  }
  return apiError(400, "BadParameter", `The stand-in does not implement ${method} /keys/${segments.join("/")}`);
}

function createKey(
  store: VaultStore,
  name: string,
  body: Record<string, unknown>,
  kid: (key: StoredKeyVersion) => string,
): ApiResult {
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) return apiError(400, "BadParameter", "Invalid key name.");
  if (body.kty !== "EC" && body.kty !== "EC-HSM") {
    return apiError(400, "BadParameter", "The stand-in creates EC and EC-HSM keys only.");
  }
  if (body.crv !== "P-256K") return apiError(400, "BadParameter", "The stand-in supports curve P-256K only.");
  const attributes = (body.attributes ?? {}) as { enabled?: boolean };
  const key = store.addKeyVersion(name, {
    kty: body.kty,
    crv: "P-256K",
    keyOps: Array.isArray(body.key_ops) ? (body.key_ops as string[]) : DEFAULT_KEY_OPS,
    privateKey: Buffer.from(secp256k1.utils.randomSecretKey()).toString("hex"),
    enabled: attributes.enabled ?? true,
    ...(body.tags ? { tags: body.tags as Record<string, string> } : {}),
  });
  return ok(keyBundle(key, kid(key)));
}

function sign(key: StoredKeyVersion, body: Record<string, unknown>, kid: string): ApiResult {
  if (body.alg !== "ES256K") return apiError(400, "BadParameter", "Key and signing algorithm are incompatible.");
  const digest = decode(body.value);
  if (digest?.length !== 32) return apiError(400, "BadParameter", "Invalid digest length for ES256K.");
  const signature = secp256k1.sign(digest, Buffer.from(key.privateKey, "hex"), {
    prehash: false,
    lowS: false,
    extraEntropy: true,
  });
  return ok({ kid, value: Buffer.from(signature).toString("base64url") });
}

function verify(key: StoredKeyVersion, body: Record<string, unknown>): ApiResult {
  const digest = decode(body.digest);
  const signature = decode(body.value);
  if (body.alg !== "ES256K" || digest?.length !== 32 || signature?.length !== 64) {
    return apiError(400, "BadParameter", "Invalid verify parameters.");
  }
  const publicKey = secp256k1.getPublicKey(Buffer.from(key.privateKey, "hex"), false);
  return ok({ value: secp256k1.verify(signature, digest, publicKey, { prehash: false, lowS: false }) });
}

function listKeys(store: VaultStore, vaultUrl: string): ApiResult {
  const value = store.keyNames().map((name) => {
    const key = store.key(name) as StoredKeyVersion;
    return { kid: `${vaultUrl}/keys/${name}`, attributes: attributesOf(key), tags: key.tags };
  });
  return ok({ value, nextLink: null });
}

function listVersions(store: VaultStore, name: string, kid: (key: StoredKeyVersion) => string): ApiResult {
  const versions = store.keyVersions(name);
  if (!versions) return apiError(404, "KeyNotFound", `A key with (name/id) ${name} was not found in this key vault.`);
  return ok({ value: versions.map((key) => ({ kid: kid(key), attributes: attributesOf(key), tags: key.tags })) });
}

/** The service's key bundle for a key version. */
function keyBundle(key: StoredKeyVersion, kid: string): unknown {
  const point = secp256k1.getPublicKey(Buffer.from(key.privateKey, "hex"), false);
  const x = Buffer.from(point.subarray(1, 33)).toString("base64url");
  const y = Buffer.from(point.subarray(33, 65)).toString("base64url");
  return {
    key: { kid, kty: key.kty, key_ops: key.keyOps, crv: key.crv, x, y },
    attributes: attributesOf(key),
    tags: key.tags,
  };
}

function attributesOf(key: StoredKeyVersion): Record<string, unknown> {
  return {
    enabled: key.enabled,
    created: key.createdInSeconds,
    updated: key.createdInSeconds,
    recoveryLevel: "Recoverable+Purgeable",
    recoverableDays: 90,
    exportable: false,
    ...(key.kty === "EC-HSM" ? { hsmPlatform: "2" } : {}),
  };
}

function decode(value: unknown): Uint8Array | undefined {
  return typeof value === "string" ? Buffer.from(value, "base64url") : undefined;
}
