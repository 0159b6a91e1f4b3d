import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../lib/domain/appError.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { KeyVaultSigner } from "../../lib/adapters/keyvault/keyVaultSigner.js";
import { LazyKeyVaultSigner } from "../../lib/adapters/keyvault/lazyKeyVaultSigner.js";

const KEY = "lazy-signer";
const TX = {
  to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  data: "0x",
  nonce: 0,
  gasLimit: 21_000n,
  chainId: 31337n,
  gasPrice: 0n,
};

describe("LazyKeyVaultSigner", () => {
  let vault: KeyVaultStandIn;
  let address: string;
  const options = () => ({
    vaultUrl: vault.vaultUrl,
    keyName: KEY,
    credential: vault.credential,
    clientOptions: { ...vault.clientOptions, retryOptions: { maxRetries: 0 } },
  });

  beforeAll(async () => {
    vault = await startKeyVaultStandIn({ keys: [KEY] });
    address = (await KeyVaultSigner.create(options())).address;
  });
  afterAll(async () => {
    await vault?.stop();
  });

  it("makes no vault call until it signs, then loads, self-tests and signs", async () => {
    const before = vault.operationCounts();
    const signer = new LazyKeyVaultSigner(options());
    expect(vault.operationCounts()).toEqual(before);
    const signed = await signer.signTransaction(TX);
    expect(signed.raw).toMatch(/^0x/);
    expect(await signer.getAddress()).toBe(address);
    const after = vault.operationCounts();
    expect((after.getKey ?? 0) - (before.getKey ?? 0)).toBe(1);
    // The self-test and the transaction.
    expect((after.sign ?? 0) - (before.sign ?? 0)).toBe(2);
  });

  it("fails only the signing call during an outage, with a retryable code, and tries again afterwards", async () => {
    const signer = new LazyKeyVaultSigner(options());
    vault.inject429({ count: 1_000, operation: "any", status: 503 });
    const error = await signer.signTransaction(TX).catch((e: unknown) => e);
    expect(isAppError(error, "SIGNING_UNAVAILABLE")).toBe(true);
    vault.inject429({ count: 1_000, operation: "sign", retryAfterInSeconds: 1 });
    const throttled = await signer.signTransaction(TX).catch((e: unknown) => e);
    expect(isAppError(throttled, "SIGNING_THROTTLED")).toBe(true);
    vault.inject429({ count: 0 });
    expect((await signer.signTransaction(TX)).raw).toMatch(/^0x/);
  });

  it("answers a configured address without the vault and refuses a key with another address", async () => {
    vault.inject429({ count: 1_000, operation: "any", status: 503 });
    const known = new LazyKeyVaultSigner({ ...options(), expectedAddress: address.toLowerCase() });
    expect(await known.getAddress()).toBe(address);
    vault.inject429({ count: 0 });
    const wrong = new LazyKeyVaultSigner({ ...options(), expectedAddress: "0x" + "11".repeat(20) });
    const error = await wrong.signTransaction(TX).catch((e: unknown) => e);
    expect(isAppError(error, "CONFIG_INVALID")).toBe(true);
  });
});
