// The salted commitment to the full off-chain record (`recordHash` on chain). A partner that receives the record
// and its salt recomputes the hash and compares it with the ledger; the salt stops anyone from confirming a
// guessed record against the chain.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import type { CreditUpdate } from "./creditUpdate.js";

/** The record a commitment covers: the whole validated update, subject in canonical form. */
export type CommittedRecord = CreditUpdate;

/** Salt length in bytes. */
export const SALT_BYTES = 32;

/** JSON with object keys sorted recursively and no whitespace (RFC 8785 for the values a record can hold). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** keccak256(salt ‖ canonicalJson(record)) as 0x-hex; `saltHex` is 32 bytes of 0x-hex. */
export function recordCommitment(record: CommittedRecord, saltHex: string): string {
  const salt = hexToBytes(strip0x(saltHex));
  if (salt.length !== SALT_BYTES) throw new RangeError(`salt must be ${SALT_BYTES} bytes`);
  return "0x" + bytesToHex(keccak_256(concatBytes(salt, utf8ToBytes(canonicalJson(record)))));
}

/** Whether `record` and `saltHex` produce `expectedHash` (case-insensitive hex). */
export function verifyRecordCommitment(record: CommittedRecord, saltHex: string, expectedHash: string): boolean {
  return recordCommitment(record, saltHex) === expectedHash.toLowerCase();
}

function strip0x(hex: string): string {
  return hex.startsWith("0x") ? hex.slice(2) : hex;
}
