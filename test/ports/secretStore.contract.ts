// The behaviour every SecretStore promises (lib/ports/), written once and run against the in-memory
// fake and the Key Vault adapter on the stand-in (secretStore.test.ts): each set is a new version, every version stays
// readable, a missing name or version is NOT_FOUND, and a name Key Vault cannot hold is refused for good.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SecretStore } from "../../lib/ports/subscriptions.js";
import { expectRejection } from "./rejection.js";

/** A name no other test uses (the adapter's vault is shared by the file). */
const freshName = () => `webhook-sub-${randomBytes(6).toString("hex")}`;

/** Registers the SecretStore contract for one implementation; `make` returns a store. */
export function describeSecretStore(name: string, make: () => Promise<SecretStore>): void {
  describe(`${name} keeps the SecretStore contract`, () => {
    describe("set and get", () => {
      it("stores each value as a new version and reads every version back", async () => {
        const store = await make();
        const secret = freshName();
        const v1 = await store.set(secret, "whsec_one");
        const v2 = await store.set(secret, "whsec_two");
        const v3 = await store.set(secret, "whsec_one");
        expect(new Set([v1, v2, v3]).size).toBe(3);
        expect([v1, v2, v3].every((v) => v.length > 0)).toBe(true);
        expect(await store.get(secret, v1)).toBe("whsec_one");
        expect(await store.get(secret, v2)).toBe("whsec_two");
        expect(await store.get(secret, v3)).toBe("whsec_one");
      });

      it("keeps names apart", async () => {
        const store = await make();
        const [a, b] = [freshName(), freshName()];
        const version = await store.set(a, "whsec_a");
        await store.set(b, "whsec_b");
        expect(await store.get(a, version)).toBe("whsec_a");
        await expectRejection(store.get(b, version), "NOT_FOUND");
      });
    });

    describe("missing secrets", () => {
      it("fails with NOT_FOUND for a name never set, or a version the name does not have", async () => {
        const store = await make();
        const secret = freshName();
        await expectRejection(store.get(secret, "0".repeat(32)), "NOT_FOUND");
        await store.set(secret, "whsec_one");
        await expectRejection(store.get(secret, "0".repeat(32)), "NOT_FOUND");
      });

      it("never reads an empty version as the latest one", async () => {
        const store = await make();
        const secret = freshName();
        await store.set(secret, "whsec_one");
        await expectRejection(store.get(secret, ""), "NOT_FOUND");
      });
    });

    describe("names", () => {
      it("refuses with STORAGE_REJECTED, a final code, a name other than 1-127 letters, digits and dashes", async () => {
        const store = await make();
        for (const bad of ["bad_name", "", "x".repeat(128)]) {
          const error = await store.set(bad, "whsec_do_not_leak").catch((e: unknown) => e);
          await expectRejection(Promise.reject(error), "STORAGE_REJECTED");
          expect(String((error as Error).message)).not.toContain("whsec_do_not_leak");
        }
      });
    });
  });
}
