// Canonical subject identity and the pseudonymous subject key written on chain. Every bank must produce the same
// key for the same person, so the canonical form is part of the consortium contract: change it only with a new
// version prefix.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { SUBJECT_SCHEMES } from "./creditUpdateSchema.js";

/** A subject as the bank identifies it (personal data: never logged, never on chain). */
export interface Subject {
  scheme: (typeof SUBJECT_SCHEMES)[number];
  country: string;
  id: string;
}

const CANONICAL_VERSION = "v1";

interface SchemeRule {
  /** Characters dropped before validation (separators people type). */
  strip: RegExp;
  pattern: RegExp;
  describe: string;
  check?: (id: string) => boolean;
}

const SCHEMES: Record<Subject["scheme"], SchemeRule> = {
  "national-id": { strip: /[\s./-]/g, pattern: /^[A-Z0-9]{4,32}$/, describe: "4–32 letters or digits" },
  "tax-id": { strip: /[\s./-]/g, pattern: /^[A-Z0-9]{4,32}$/, describe: "4–32 letters or digits" },
  passport: { strip: /\s/g, pattern: /^[A-Z0-9]{5,20}$/, describe: "5–20 letters or digits" },
  lei: {
    strip: /\s/g,
    pattern: /^[A-Z0-9]{18}[0-9]{2}$/,
    describe: "an ISO 17442 LEI (20 characters, valid check digits)",
    check: leiChecksumValid,
  },
};

/** Canonicalises a subject (upper-case country and id, separators removed), or says why its id is invalid. */
export function normaliseSubject(subject: Subject): { ok: true; subject: Subject } | { ok: false; idError: string } {
  const rule = SCHEMES[subject.scheme];
  const id = subject.id.toUpperCase().replace(rule.strip, "");
  if (!rule.pattern.test(id) || (rule.check && !rule.check(id))) {
    return { ok: false, idError: `must be ${rule.describe} for ${subject.scheme}` };
  }
  return { ok: true, subject: { scheme: subject.scheme, country: subject.country.toUpperCase(), id } };
}

/** The canonical text of a normalised subject: `v1|scheme|COUNTRY|ID`. */
export function canonicalSubject(subject: Subject): string {
  return [CANONICAL_VERSION, subject.scheme, subject.country, subject.id].join("|");
}

/** The on-chain subject key: HMAC-SHA256 of the canonical subject under the consortium subject secret (bytes32). */
export function subjectKey(subject: Subject, consortiumSecret: Uint8Array): string {
  return "0x" + bytesToHex(hmac(sha256, consortiumSecret, utf8ToBytes(canonicalSubject(subject))));
}

/** ISO 7064 MOD 97-10 as ISO 17442 uses it: letters become 10–35 and the whole number mod 97 must be 1. */
function leiChecksumValid(lei: string): boolean {
  let remainder = 0;
  for (const char of lei) {
    const digits = char >= "A" ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
