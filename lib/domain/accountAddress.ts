// Parses an Ethereum account address as the governance API takes it: 0x and 40 hex digits, all lower case (no
// checksum to check), all upper case, or mixed case that must then be its EIP-55 checksum (a typo in a mixed-case
// address is caught instead of proposing the wrong account). Answers the checksummed form.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The EIP-55 checksummed form of a 0x-prefixed 40-hex-digit address (any case). */
export function checksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase();
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  const digits = [...lower].map((c, i) => (parseInt(hash[i] ?? "0", 16) >= 8 ? c.toUpperCase() : c));
  return `0x${digits.join("")}`;
}

/** `value` as a checksummed address, or the error naming `field` and why. */
export function parseAccountAddress(
  value: unknown,
  field: string,
): { ok: true; address: string } | { ok: false; error: string } {
  if (typeof value !== "string") return { ok: false, error: `${field} must be a string (a 0x address)` };
  if (!HEX_ADDRESS.test(value)) return { ok: false, error: `${field} must be 0x followed by 40 hex digits` };
  const address = checksumAddress(value);
  const body = value.slice(2);
  const singleCase = body === body.toLowerCase() || body === body.toUpperCase();
  if (!singleCase && `0x${body}` !== address) {
    return { ok: false, error: `${field} has a mixed-case checksum that does not match (EIP-55): check for a typo` };
  }
  if (/^0x0{40}$/.test(address)) return { ok: false, error: `${field} must not be the zero address` };
  return { ok: true, address };
}
