import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readInfraFile } from "../../infra/tools/checks/infraFiles.js";
import { identityFromNodeKey } from "../../infra/tools/consortium/enode.js";
import { generateMemberKeys, nodeKeySecretName } from "../../infra/tools/consortium/keygen.js";

describe("nodeKeySecretName", () => {
  it("names the secret exactly as besu-identity.sh reads it", () => {
    expect(nodeKeySecretName("bank-a", 3)).toBe("besu-bank-a-validator-3-nodekey");
    expect(readInfraFile("validators/besu-identity.sh")).toContain("besu-${MEMBER_NAME}-validator-${index}-nodekey");
  });
});

describe("generateMemberKeys", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "keygen-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes owner-only key files whose public identities form the registry entry", async () => {
    const { entry } = generateMemberKeys("bank-c", 2, join(directory, "ceremony"), "kvn-x");
    for (const validator of entry.validators) {
      const file = join(directory, "ceremony", `validator-${validator.index}.key`);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(identityFromNodeKey(await readFile(file, "utf8"))).toEqual({
        address: validator.address,
        publicKey: validator.publicKey,
      });
    }
    expect(entry.validators.map((v) => v.index)).toEqual([0, 1]);
  });

  it("uploads each key from its file, never with the key on the command line", async () => {
    const { uploadCommands } = generateMemberKeys("bank-c", 2, directory, "kvn-x");
    const keys = await Promise.all([0, 1].map((i) => readFile(join(directory, `validator-${i}.key`), "utf8")));
    expect(uploadCommands[1]).toBe(
      `az keyvault secret set --vault-name kvn-x --name besu-bank-c-validator-1-nodekey --file ${join(directory, "validator-1.key")} --content-type application/x-besu-nodekey`,
    );
    for (const key of keys) expect(uploadCommands.join("\n")).not.toContain(key);
  });

  it("refuses an invalid member name or validator count", () => {
    expect(() => generateMemberKeys("Bank A", 2, directory, "kvn-x")).toThrow("invalid member name");
    expect(() => generateMemberKeys("bank-c", 16, directory, "kvn-x")).toThrow("1 to 15");
  });
});
