import { SigningKey, Wallet } from "ethers";
import { describe, expect, it } from "vitest";
import {
  enodeUrl,
  identityFromNodeKey,
  identityFromPublicKey,
  matchesAddress,
  parseEnodeUrl,
} from "../../infra/tools/consortium/enode.js";

const wallet = Wallet.createRandom();

describe("identityFromNodeKey", () => {
  it("derives the same address as an Ethereum wallet on the key", () => {
    expect(identityFromNodeKey(wallet.privateKey).address).toBe(wallet.address);
  });

  it("accepts a key file's hex without the 0x prefix", () => {
    expect(identityFromNodeKey(wallet.privateKey.slice(2))).toEqual(identityFromNodeKey(wallet.privateKey));
  });

  it("rejects a key of the wrong length", () => {
    expect(() => identityFromNodeKey("0x1234")).toThrow("32 bytes");
  });
});

describe("identityFromPublicKey", () => {
  it("gives the same identity for the 64-byte, prefixed and compressed forms", () => {
    const key = new SigningKey(wallet.privateKey);
    const bare = `0x${key.publicKey.slice(4)}`;
    expect(identityFromPublicKey(bare)).toEqual(identityFromPublicKey(key.publicKey));
    expect(identityFromPublicKey(key.compressedPublicKey)).toEqual(identityFromPublicKey(key.publicKey));
    expect(identityFromPublicKey(bare).publicKey).toBe(bare);
  });
});

describe("enodeUrl", () => {
  it("formats a static-peering URL with discovery off", () => {
    const { publicKey } = identityFromNodeKey(wallet.privateKey);
    expect(enodeUrl(publicKey, "val-0.bank-a.poa.internal")).toBe(
      `enode://${publicKey.slice(2)}@val-0.bank-a.poa.internal:30303?discport=0`,
    );
  });

  it("rejects a host that would break the URL", () => {
    expect(() => enodeUrl(identityFromNodeKey(wallet.privateKey).publicKey, "a@b")).toThrow("invalid enode host");
  });
});

describe("parseEnodeUrl", () => {
  it("recovers identity, host and port from what enodeUrl wrote", () => {
    const identity = identityFromNodeKey(wallet.privateKey);
    expect(parseEnodeUrl(enodeUrl(identity.publicKey, "10.1.0.4", 30304))).toEqual({
      ...identity,
      host: "10.1.0.4",
      port: 30304,
    });
  });

  it("rejects a URL without a 64-byte node id", () => {
    expect(() => parseEnodeUrl("enode://abcd@host:30303")).toThrow("not an enode URL");
  });
});

describe("matchesAddress", () => {
  it("tells a matching address from a mistyped one", () => {
    const identity = identityFromNodeKey(wallet.privateKey);
    expect(matchesAddress(identity)).toBe(true);
    expect(matchesAddress({ ...identity, address: Wallet.createRandom().address })).toBe(false);
  });
});
