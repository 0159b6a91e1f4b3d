import { createHash } from "node:crypto";
import { ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import { KeyClient, type CryptographyClient, type SignResult } from "@azure/keyvault-keys";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import {
  JsonRpcProvider,
  Transaction,
  Wallet,
  computeAddress,
  getBytes,
  hexlify,
  keccak256,
  parseEther,
  verifyMessage,
  verifyTypedData,
  type TransactionLike,
} from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../lib/domain/appError.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { EthersTransactionSigner } from "../../lib/adapters/evm/ethersTransactionSigner.js";
import { KeyVaultSigner } from "../../lib/adapters/keyvault/keyVaultSigner.js";
import type { KeyVaultSigningKey } from "../../lib/adapters/keyvault/keyVaultSigningKey.js";
import { SECP256K1_N } from "../../lib/adapters/keyvault/secp256k1Signature.js";
import { TokenBucket } from "../../lib/adapters/keyvault/tokenBucket.js";
import { testStack } from "../stack.js";

const ANVIL_DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** A signing key whose "vault" is a local secp256k1 key answering like Key Vault (random k, s not normalised). */
function fakeVaultKey(signingKey = secp256k1.utils.randomSecretKey(), publicKeyOwner = signingKey) {
  const calls: { algorithm: string; digest: string; highS: boolean }[] = [];
  const publicKey = secp256k1.getPublicKey(publicKeyOwner, false);
  const sign = async (algorithm: string, digest: Uint8Array): Promise<SignResult> => {
    const result = secp256k1.sign(digest, signingKey, { prehash: false, lowS: false, extraEntropy: true });
    calls.push({ algorithm, digest: hexlify(digest), highS: BigInt(hexlify(result.subarray(32))) > SECP256K1_N / 2n });
    return { result, algorithm, keyID: "https://fake.vault.azure.net/keys/k/1" };
  };
  const key: KeyVaultSigningKey = {
    keyId: "https://fake.vault.azure.net/keys/k/1",
    publicKey,
    address: computeAddress(hexlify(publicKey)),
    client: { sign } as Pick<CryptographyClient, "sign">,
  };
  return { key, calls };
}

function eip1559(nonce: number): TransactionLike<string> {
  const fees = { maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 1n };
  return { type: 2, to: RECIPIENT, data: "0x1234", nonce, gasLimit: 50_000n, chainId: 31337n, value: 0n, ...fees };
}

function legacy(nonce: number): TransactionLike<string> {
  return { type: 0, to: RECIPIENT, data: "0x1234", nonce, gasLimit: 50_000n, chainId: 31337n, value: 0n, gasPrice: 0n };
}

describe("KeyVaultSigner (unit, against a fake vault key)", () => {
  it("asks the vault to sign keccak256 of the unsigned transaction with ES256K, never a SHA-256 digest", async () => {
    const { key, calls } = fakeVaultKey();
    const signer = new KeyVaultSigner(key, new TokenBucket());
    const signed = Transaction.from(await signer.signTransaction(eip1559(0)));
    const unsignedSerialized = getBytes(Transaction.from(eip1559(0)).unsignedSerialized);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.algorithm).toBe("ES256K");
    expect(calls[0]?.digest).toBe(keccak256(unsignedSerialized));
    expect(calls[0]?.digest).toBe(signed.unsignedHash);
    expect(calls[0]?.digest).not.toBe(hexlify(createHash("sha256").update(unsignedSerialized).digest()));
  });

  it("produces low-s EIP-1559 and legacy transactions that recover to the key's address, high-s answers included", async () => {
    const { key, calls } = fakeVaultKey();
    const signer = new KeyVaultSigner(key, new TokenBucket());
    for (let nonce = 0; nonce < 40; nonce += 1) {
      const request = nonce % 2 === 0 ? eip1559(nonce) : legacy(nonce);
      const signed = Transaction.from(await signer.signTransaction(request));
      expect(signed.from).toBe(signer.address);
      expect(BigInt(signed.signature?.s ?? "0x0") <= SECP256K1_N / 2n).toBe(true);
      if (signed.type === 0)
        expect(signed.signature?.networkV).toBe(31337n * 2n + 35n + BigInt(signed.signature?.yParity ?? 0));
    }
    expect(calls.filter((call) => call.highS).length).toBeGreaterThan(5);
  });

  it("signs messages and typed data that ethers verifies", async () => {
    const signer = new KeyVaultSigner(fakeVaultKey().key, new TokenBucket());
    expect(verifyMessage("hello", await signer.signMessage("hello"))).toBe(signer.address);
    const domain = { name: "creditlink", version: "1", chainId: 31337 };
    const types = { Record: [{ name: "score", type: "uint16" }] };
    const signature = await signer.signTypedData(domain, types, { score: 712 });
    expect(verifyTypedData(domain, types, { score: 712 }, signature)).toBe(signer.address);
  });

  it("refuses a transaction whose from is another address", async () => {
    const signer = new KeyVaultSigner(fakeVaultKey().key, new TokenBucket());
    const error = await signer.signTransaction({ ...eip1559(0), from: RECIPIENT }).catch((e: unknown) => e);
    expect(isAppError(error, "SIGNING_FAILED")).toBe(true);
  });

  it("fails the self-test and signing with SIGNING_FAILED when the vault signs with another key", async () => {
    const { key } = fakeVaultKey(secp256k1.utils.randomSecretKey(), secp256k1.utils.randomSecretKey());
    const signer = new KeyVaultSigner(key, new TokenBucket());
    await expect(signer.selfTest()).rejects.toMatchObject({ code: "SIGNING_FAILED" });
    await expect(signer.signTransaction(eip1559(0))).rejects.toMatchObject({ code: "SIGNING_FAILED" });
  });
});

describe("KeyVaultSigner (real SDK and ManagedIdentityCredential against the stand-in)", () => {
  let standIn: KeyVaultStandIn;
  let credential: TokenCredential;
  const digestsSent: string[] = [];
  const create = (overrides: Partial<Parameters<typeof KeyVaultSigner.create>[0]> = {}): Promise<KeyVaultSigner> =>
    KeyVaultSigner.create({
      vaultUrl: standIn.vaultUrl,
      keyName: "creditlink-signer",
      credential,
      clientOptions: standIn.clientOptions,
      ...overrides,
    });

  beforeAll(async () => {
    standIn = await startKeyVaultStandIn({
      keys: ["creditlink-signer"],
      onSign: ({ digest }) => digestsSent.push(hexlify(digest)),
    });
    // Exactly what App Service / Azure Functions sets for a managed identity.
    process.env.IDENTITY_ENDPOINT = standIn.identityEndpoint;
    process.env.IDENTITY_HEADER = standIn.identityHeader;
    credential = new ManagedIdentityCredential();
  });
  afterAll(async () => {
    delete process.env.IDENTITY_ENDPOINT;
    delete process.env.IDENTITY_HEADER;
    await standIn.stop();
  });

  it("derives the address from the key's x/y, self-tests, and then signs without another GET", async () => {
    const before = standIn.operationCounts();
    const signer = await create();
    const afterCreate = standIn.operationCounts();
    expect((afterCreate.getKey ?? 0) - (before.getKey ?? 0)).toBe(1);
    expect((afterCreate.sign ?? 0) - (before.sign ?? 0)).toBe(1);
    for (let i = 0; i < 10; i += 1) await signer.signTransaction(eip1559(i));
    expect(standIn.operationCounts().getKey).toBe(afterCreate.getKey);

    const key = await new KeyClient(standIn.vaultUrl, credential, standIn.clientOptions).getKey("creditlink-signer");
    const publicKey = new Uint8Array([4, ...(key.key?.x ?? []), ...(key.key?.y ?? [])]);
    expect(signer.address).toBe(computeAddress(hexlify(publicKey)));
    expect(signer.keyId).toBe(key.id);
  });

  it("sends the vault the keccak256 transaction digest", async () => {
    const signer = await create({ selfTest: false });
    const signed = Transaction.from(await signer.signTransaction(eip1559(3)));
    expect(digestsSent.at(-1)).toBe(signed.unsignedHash);
  });

  it("signs EIP-1559 and legacy transactions that a real chain accepts", async () => {
    const provider = new JsonRpcProvider(testStack().anvilRpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const funder = new Wallet(ANVIL_DEV_KEY, provider);
    const signer = (await create()).connect(provider);
    await (await funder.sendTransaction({ to: signer.address, value: parseEther("1") })).wait();

    const dynamicFee = await (await signer.sendTransaction({ to: RECIPIENT, value: 1n, type: 2 })).wait();
    expect(dynamicFee).toMatchObject({ status: 1, from: signer.address });

    const port = new EthersTransactionSigner(signer);
    const { chainId } = await provider.getNetwork();
    const nonce = await provider.getTransactionCount(signer.address, "pending");
    const tx = { to: RECIPIENT, data: "0x", nonce, gasLimit: 21_000n, chainId, gasPrice: 0n };
    const legacy = await port.signTransaction(tx);
    expect(Transaction.from(legacy.raw).type).toBe(0);
    await provider.broadcastTransaction(legacy.raw);
    const receipt = await provider.waitForTransaction(legacy.hash);
    expect(receipt).toMatchObject({ status: 1, from: signer.address, hash: legacy.hash });
    provider.destroy();
  });

  it("turns a 429 that outlived the SDK's retries into a retryable SIGNING_THROTTLED with the Retry-After", async () => {
    const signer = await create({ clientOptions: { ...standIn.clientOptions, retryOptions: { maxRetries: 1 } } });
    const throttledBefore = standIn.operationCounts().throttled ?? 0;
    standIn.inject429({ count: 2, retryAfterInSeconds: 1 });
    const error = await signer.signMessage("throttled").catch((e: unknown) => e);
    expect(isAppError(error, "SIGNING_THROTTLED")).toBe(true);
    expect(isAppError(error) && error.retryable).toBe(true);
    expect(isAppError(error) && error.details).toMatchObject({
      operation: "sign",
      statusCode: 429,
      retryAfterInMs: 1000,
    });
    expect(JSON.stringify(error) + String(error)).not.toMatch(/Bearer/);
    expect((standIn.operationCounts().throttled ?? 0) - throttledBefore).toBe(2);
  });

  it("lets the SDK's own retries absorb fewer 429s than its retry count", async () => {
    const signer = await create();
    standIn.inject429({ count: 3, retryAfterInSeconds: 0 });
    expect(verifyMessage("absorbed", await signer.signMessage("absorbed"))).toBe(signer.address);
  });

  it("gives up on a vault that does not answer within requestTimeoutInMs", async () => {
    const clientOptions = { ...standIn.clientOptions, retryOptions: { maxRetries: 0 } };
    const signer = await create({ clientOptions, requestTimeoutInMs: 200 });
    standIn.setLatency(1_000);
    try {
      const started = performance.now();
      await expect(signer.signMessage("late")).rejects.toMatchObject({ code: "SIGNING_UNAVAILABLE", retryable: true });
      expect(performance.now() - started).toBeLessThan(900);
    } finally {
      standIn.setLatency(0);
    }
  });

  it("maps a missing key to SIGNING_FAILED and a key that may not sign to CONFIG_INVALID", async () => {
    await expect(create({ keyName: "no-such-key" })).rejects.toMatchObject({
      code: "SIGNING_FAILED",
      details: { operation: "getKey", statusCode: 404 },
    });
    const keys = new KeyClient(standIn.vaultUrl, credential, standIn.clientOptions);
    await keys.createEcKey("verify-only", { curve: "P-256K", keyOps: ["verify"] });
    await expect(create({ keyName: "verify-only" })).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
