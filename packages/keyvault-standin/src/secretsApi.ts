// The secrets REST calls the @azure/keyvault-secrets SDK makes: set (a new version each time), get (latest or a
// version), list secrets and list versions.
import { apiError, ok, type ApiRequest, type ApiResult } from "./apiResult.js";
import type { StoredSecretVersion, VaultStore } from "./vaultStore.js";

/** Answers one `/secrets/...` request. */
export function handleSecretsRequest(store: VaultStore, vaultUrl: string, request: ApiRequest): ApiResult {
  const { method, segments, body } = request;
  const [name = "", second, third] = segments;
  const id = (secret: StoredSecretVersion): string => `${vaultUrl}/secrets/${name}/${secret.version}`;
  if (method === "GET" && name === "") {
    return ok({
      value: store.secretNames().map((n) => itemOf(store.secret(n) as StoredSecretVersion, `${vaultUrl}/secrets/${n}`)),
      nextLink: null,
    });
  }
  if (method === "PUT" && second === undefined) return setSecret(store, name, body, id);
  if (method === "GET" && second === "versions") {
    const versions = store.secretVersions(name);
    if (!versions) return notFound(name);
    return ok({ value: versions.map((secret) => itemOf(secret, id(secret))), nextLink: null });
  }
  if (method === "GET" && third === undefined) {
    const secret = store.secret(name, second ?? "");
    if (!secret) return notFound(`${name}/${second ?? ""}`);
    if (!secret.enabled) return apiError(403, "Forbidden", "Operation get is not allowed on a disabled secret.");
    return ok({ ...itemOf(secret, id(secret)), value: secret.value });
  }
  return apiError(400, "BadParameter", `The stand-in does not implement ${method} /secrets/${segments.join("/")}`);
}

function setSecret(
  store: VaultStore,
  name: string,
  body: Record<string, unknown>,
  id: (secret: StoredSecretVersion) => string,
): ApiResult {
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(name)) return apiError(400, "BadParameter", "Invalid secret name.");
  if (typeof body.value !== "string") return apiError(400, "BadParameter", "The secret value is required.");
  const attributes = (body.attributes ?? {}) as { enabled?: boolean };
  const secret = store.addSecretVersion(name, {
    value: body.value,
    enabled: attributes.enabled ?? true,
    ...(typeof body.contentType === "string" ? { contentType: body.contentType } : {}),
    ...(body.tags ? { tags: body.tags as Record<string, string> } : {}),
  });
  return ok({ ...itemOf(secret, id(secret)), value: secret.value });
}

function itemOf(secret: StoredSecretVersion, id: string): Record<string, unknown> {
  return {
    id,
    contentType: secret.contentType,
    tags: secret.tags,
    attributes: {
      enabled: secret.enabled,
      created: secret.createdInSeconds,
      updated: secret.createdInSeconds,
      recoveryLevel: "Recoverable+Purgeable",
      recoverableDays: 90,
    },
  };
}

function notFound(name: string): ApiResult {
  return apiError(404, "SecretNotFound", `A secret with (name/id) ${name} was not found in this key vault.`);
}
