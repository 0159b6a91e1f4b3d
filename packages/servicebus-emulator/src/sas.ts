// Shared Access Signature validation as the service does it for `put-token`: the signature is an HMAC-SHA256,
// keyed by the named key, of the url-encoded resource URI, a newline and the expiry (epoch seconds).
import { createHmac, timingSafeEqual } from "node:crypto";

/** A shared access key the emulator accepts (name → key), like a namespace's authorization rules. */
export interface SharedAccessKey {
  name: string;
  key: string;
}

/** The official emulator's fixed key, so its connection strings work here too. */
export const DEFAULT_SHARED_ACCESS_KEY: SharedAccessKey = { name: "RootManageSharedAccessKey", key: "SAS_KEY_VALUE" };

/** The outcome of validating a token: the audience it grants, or why it is refused. */
export type SasValidation = { ok: true; audience: string; expiresAt: number } | { ok: false; reason: string };

/** Validates a `SharedAccessSignature sr=…&sig=…&se=…&skn=…` token against the configured keys. */
export function validateSasToken(token: string, keys: readonly SharedAccessKey[], now: number): SasValidation {
  const prefix = "SharedAccessSignature ";
  if (!token.startsWith(prefix)) return { ok: false, reason: "The token is not a shared access signature." };
  const fields = new Map<string, string>();
  for (const part of token.slice(prefix.length).split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const [sr, sig, se, skn] = ["sr", "sig", "se", "skn"].map((k) => fields.get(k));
  if (!sr || !sig || !se || !skn) return { ok: false, reason: "The token is missing sr, sig, se or skn." };
  const key = keys.find((k) => k.name === safeDecode(skn));
  if (!key) return { ok: false, reason: `The shared access key '${safeDecode(skn)}' is not authorized.` };
  const expected = createHmac("sha256", key.key).update(`${sr}\n${se}`).digest();
  const given = Buffer.from(safeDecode(sig), "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "InvalidSignature: The token has an invalid signature." };
  }
  const expiresAt = Number(se) * 1000;
  if (!Number.isFinite(expiresAt) || expiresAt <= now)
    return { ok: false, reason: "ExpiredToken: The token is expired." };
  return { ok: true, audience: safeDecode(sr), expiresAt };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
