import { createHash } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { Signature, computeAddress, hexlify, keccak256, randomBytes, recoverAddress } from "ethers";
import { describe, expect, it } from "vitest";
import {
  SECP256K1_N,
  normalizeSignature,
  toRecoverableSignature,
  uncompressedPublicKey,
} from "../../lib/adapters/keyvault/secp256k1Signature.js";

/** A raw r‖s signature the way Key Vault returns it: random nonce, s not normalised. */
function serviceSignature(digest: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return secp256k1.sign(digest, privateKey, { prehash: false, lowS: false, extraEntropy: true });
}

function newKey(): { privateKey: Uint8Array; publicKey: Uint8Array; address: string } {
  const privateKey = secp256k1.utils.randomSecretKey();
  const publicKey = secp256k1.getPublicKey(privateKey, false);
  return { privateKey, publicKey, address: computeAddress(hexlify(publicKey)) };
}

function rsOf(raw: Uint8Array): { r: bigint; s: bigint } {
  return { r: BigInt(hexlify(raw.subarray(0, 32))), s: BigInt(hexlify(raw.subarray(32))) };
}

/** Signs random digests until `accept` holds for the raw signature. */
function findSignature(
  key: { privateKey: Uint8Array },
  accept: (raw: Uint8Array) => boolean,
): { digest: Uint8Array; raw: Uint8Array } {
  for (let attempt = 0; attempt < 20_000; attempt += 1) {
    const digest = randomBytes(32);
    const raw = serviceSignature(digest, key.privateKey);
    if (accept(raw)) return { digest, raw };
  }
  throw new Error("no signature found");
}

describe("normalizeSignature", () => {
  it("replaces a high s with n - s and keeps a low s", () => {
    const key = newKey();
    const high = findSignature(key, (raw) => rsOf(raw).s > SECP256K1_N / 2n).raw;
    const low = findSignature(key, (raw) => rsOf(raw).s <= SECP256K1_N / 2n).raw;
    expect(normalizeSignature(high)).toEqual({ r: rsOf(high).r, s: SECP256K1_N - rsOf(high).s });
    expect(normalizeSignature(low)).toEqual(rsOf(low));
  });

  it("rejects signatures that are not 64 bytes or have r or s out of range", () => {
    expect(() => normalizeSignature(new Uint8Array(65))).toThrow(/64-byte/);
    expect(() => normalizeSignature(new Uint8Array(64))).toThrow(/out of range/);
    expect(() => normalizeSignature(new Uint8Array(64).fill(0xff))).toThrow(/out of range/);
  });
});

describe("toRecoverableSignature", () => {
  it("recovers the signing address for every signature, high-s ones included, always with low s", () => {
    const key = newKey();
    let highS = 0;
    for (let i = 0; i < 200; i += 1) {
      const digest = randomBytes(32);
      const raw = serviceSignature(digest, key.privateKey);
      if (rsOf(raw).s > SECP256K1_N / 2n) highS += 1;
      const signature = toRecoverableSignature(raw, digest, key.publicKey);
      expect(BigInt(signature.s) <= SECP256K1_N / 2n).toBe(true);
      expect(recoverAddress(digest, Signature.from({ ...signature, v: 27 + signature.yParity }))).toBe(key.address);
    }
    expect(highS).toBeGreaterThan(50);
    expect(highS).toBeLessThan(150);
  });

  it("left-pads a short r to 32 bytes and still recovers the address", () => {
    const key = newKey();
    const { digest, raw } = findSignature(key, (candidate) => candidate[0] === 0);
    const signature = toRecoverableSignature(raw, digest, key.publicKey);
    expect(signature.r).toMatch(/^0x00[0-9a-f]{62}$/);
    expect(recoverAddress(digest, Signature.from({ ...signature, v: 27 + signature.yParity }))).toBe(key.address);
  });

  it("left-pads a short s (after normalisation) to 32 bytes and still recovers the address", () => {
    const key = newKey();
    const { digest, raw } = findSignature(key, (candidate) => normalizeSignature(candidate).s < 1n << 248n);
    const signature = toRecoverableSignature(raw, digest, key.publicKey);
    expect(signature.s).toMatch(/^0x00[0-9a-f]{62}$/);
    expect(recoverAddress(digest, Signature.from({ ...signature, v: 27 + signature.yParity }))).toBe(key.address);
  });

  it("throws when the signature belongs to another key", () => {
    const digest = randomBytes(32);
    const raw = serviceSignature(digest, newKey().privateKey);
    expect(() => toRecoverableSignature(raw, digest, newKey().publicKey)).toThrow(/does not recover/);
  });

  it("throws when the signature was made over a different digest (e.g. SHA-256 instead of keccak)", () => {
    const key = newKey();
    const payload = randomBytes(100);
    const raw = serviceSignature(createHash("sha256").update(payload).digest(), key.privateKey);
    expect(() => toRecoverableSignature(raw, Buffer.from(keccak256(payload).slice(2), "hex"), key.publicKey)).toThrow(
      /does not recover/,
    );
  });
});

describe("uncompressedPublicKey", () => {
  it("builds 0x04||x||y and pads coordinates given without their leading zero bytes", () => {
    const key = (() => {
      for (;;) {
        const candidate = newKey();
        if (candidate.publicKey[1] === 0) return candidate;
      }
    })();
    const x = key.publicKey.subarray(2, 33);
    const y = key.publicKey.subarray(33, 65);
    expect(hexlify(uncompressedPublicKey(x, y))).toBe(hexlify(key.publicKey));
  });

  it("rejects a point that is not on secp256k1", () => {
    expect(() => uncompressedPublicKey(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2))).toThrow();
  });
});
