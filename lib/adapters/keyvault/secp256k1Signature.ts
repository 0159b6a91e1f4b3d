// Turns a raw secp256k1 signature from a key service (r‖s, no recovery id, s possibly high) into an Ethereum
// signature: s normalised to the lower half order (EIP-2) and the recovery id found by recovering the public key
// and comparing it with the known one. It never trusts the service's output without that comparison.
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** The order of the secp256k1 group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const HALF_N = SECP256K1_N >> 1n;

/** An Ethereum-ready signature: low `s`, `r` and `s` as 32-byte big-endian hex, and the y parity (0 or 1). */
export interface RecoverableSignature {
  r: string;
  s: string;
  yParity: 0 | 1;
}

/** Splits a 64-byte r‖s signature and applies EIP-2 (s > n/2 becomes n − s). Throws on malformed input. */
export function normalizeSignature(rawSignature: Uint8Array): { r: bigint; s: bigint } {
  if (rawSignature.length !== 64)
    throw new Error(`expected a 64-byte r||s signature, got ${rawSignature.length} bytes`);
  const r = bytesToBigInt(rawSignature.subarray(0, 32));
  const s = bytesToBigInt(rawSignature.subarray(32, 64));
  if (r === 0n || r >= SECP256K1_N || s === 0n || s >= SECP256K1_N) throw new Error("signature r or s out of range");
  return { r, s: s > HALF_N ? SECP256K1_N - s : s };
}

/**
 * The Ethereum signature of `digest` from a raw r‖s signature, checked against `publicKey` (65-byte uncompressed
 * 0x04‖x‖y). The recovery id comes from the key's public point: verifying (r, low s) against it yields the nonce
 * point R = u1·G + u2·Q, and the y parity of R is the recovery id by definition. Throws when the signature does not
 * verify against the key (wrong key, wrong curve, or a different digest such as SHA-256 instead of keccak).
 */
export function toRecoverableSignature(
  rawSignature: Uint8Array,
  digest: Uint8Array,
  publicKey: Uint8Array,
): RecoverableSignature {
  if (digest.length !== 32) throw new Error(`expected a 32-byte digest, got ${digest.length} bytes`);
  const { r, s } = normalizeSignature(rawSignature);
  const { Point } = secp256k1;
  const { Fn } = Point;
  const sInverse = Fn.inv(s);
  const z = Fn.create(bytesToBigInt(digest));
  // Public inputs only, so the variable-time multiplications are safe; with the key's tables they are the fastest.
  const nonce = Point.BASE.multiplyUnsafe(Fn.mul(z, sInverse)).add(
    publicPoint(publicKey).multiplyUnsafe(Fn.mul(r, sInverse)),
  );
  if (nonce.is0() || Fn.create(nonce.x) !== r) {
    throw new Error("the signature does not recover to the signing key's public key");
  }
  // R.x >= n would need recovery ids 2/3, which Ethereum cannot express (probability about 2^-128).
  if (nonce.x >= SECP256K1_N) throw new Error("the signature needs an extended recovery id");
  return { r: toHex32(r), s: toHex32(s), yParity: nonce.y & 1n ? 1 : 0 };
}

const publicPoints = new Map<string, ReturnType<typeof secp256k1.Point.fromBytes>>();

/** The key's curve point, with multiplication tables precomputed once per key (the vault key never changes). */
function publicPoint(publicKey: Uint8Array): ReturnType<typeof secp256k1.Point.fromBytes> {
  const id = bytesToHex(publicKey);
  let point = publicPoints.get(id);
  if (!point) {
    point = secp256k1.Point.fromBytes(publicKey);
    point.assertValidity();
    if (publicPoints.size >= 16) publicPoints.clear();
    publicPoints.set(id, point.precompute(8, false));
  }
  return point;
}

/** The 65-byte uncompressed public key 0x04‖x‖y from JWK coordinates; coordinates shorter than 32 bytes are padded. */
export function uncompressedPublicKey(x: Uint8Array, y: Uint8Array): Uint8Array {
  if (x.length > 32 || y.length > 32) throw new Error("public key coordinates longer than 32 bytes");
  const key = new Uint8Array(65);
  key[0] = 4;
  key.set(x, 1 + 32 - x.length);
  key.set(y, 33 + 32 - y.length);
  secp256k1.Point.fromBytes(key).assertValidity();
  return key;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function toHex32(value: bigint): string {
  return `0x${value.toString(16).padStart(64, "0")}`;
}
