import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyVaultSigner } from "../../lib/adapters/keyvault/keyVaultSigner.js";
import { isAppError } from "../../lib/domain/appError.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";

// The stand-in enforces a service limit of 4 operations per 500 ms, the way Key Vault enforces 2,000 per 10 s.
const SERVICE_LIMIT = { operations: 4, windowInMs: 500 };
// The client's bucket is set to exactly the vault's limit: tokens return a window after a call completed, so
// variable latency (the first calls also wait for the auth challenge) cannot bunch calls up at the vault.
const CLIENT_LIMIT = SERVICE_LIMIT;

describe("KeyVaultSigner rate limiting", () => {
  let standIn: KeyVaultStandIn;

  beforeAll(async () => {
    standIn = await startKeyVaultStandIn({ keys: ["limited"], rateLimit: SERVICE_LIMIT });
  });
  afterAll(() => standIn.stop());

  const create = (rateLimit: typeof SERVICE_LIMIT, maxRetries: number): Promise<KeyVaultSigner> =>
    KeyVaultSigner.create({
      vaultUrl: standIn.vaultUrl,
      keyName: "limited",
      credential: standIn.credential,
      clientOptions: { ...standIn.clientOptions, retryOptions: { maxRetries } },
      rateLimit,
      selfTest: false,
    });

  it("keeps sign and get calls under the configured rate, so the vault never throttles", async () => {
    await new Promise((resolve) => setTimeout(resolve, SERVICE_LIMIT.windowInMs));
    const throttledBefore = standIn.operationCounts().throttled ?? 0;
    const started = performance.now();
    const signer = await create(CLIENT_LIMIT, 0);
    await Promise.all(Array.from({ length: 8 }, (_, i) => signer.signMessage(`message ${i}`)));
    // 9 operations (the GET counts too) at 4 per window need two full windows of waiting; 8 would need one.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * CLIENT_LIMIT.windowInMs - 5);
    expect((standIn.operationCounts().throttled ?? 0) - throttledBefore).toBe(0);
  });

  it("is throttled by the vault when its bucket is larger than the vault's limit", async () => {
    await new Promise((resolve) => setTimeout(resolve, SERVICE_LIMIT.windowInMs));
    const signer = await create({ operations: 100, windowInMs: 500 }, 0);
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => signer.signMessage(`burst ${i}`)));
    const throttled = results.filter((r) => r.status === "rejected" && isAppError(r.reason, "SIGNING_THROTTLED"));
    expect(throttled.length).toBeGreaterThan(0);
  });
});
