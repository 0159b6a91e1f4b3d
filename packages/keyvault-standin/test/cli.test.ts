import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";

const run = promisify(execFile);

// What a child process (the Functions host stand-in, a dev script) does with the printed settings: the unmodified
// ManagedIdentityCredential and KeyClient, the certificate trusted through NODE_EXTRA_CA_CERTS only.
const CHILD_SCRIPT = `
import { ManagedIdentityCredential } from "@azure/identity";
import { KeyClient } from "@azure/keyvault-keys";
const client = new KeyClient(process.env.KEYVAULT_URL, new ManagedIdentityCredential(), {
  disableChallengeResourceVerification: process.env.KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION === "true",
});
const key = await client.getKey("cli-key");
console.log(JSON.stringify({ keyType: key.keyType, curve: key.key.crv }));
`;

describe("npm run keyvault", () => {
  let cli: RunningProcess;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    const started = await startProcess(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("../src/cli.ts", import.meta.url)), "--key", "cli-key"],
      { readyPattern: /listening on (https:\/\/\S+)/ },
    );
    cli = started.process;
    for (const line of cli.output) {
      const match = /^export ([A-Z_]+)=(.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) env[match[1]] = match[2];
    }
    expect(env.KEYVAULT_URL).toBe(started.match[1]);
  });
  afterAll(() => cli.stop());

  it("prints settings with which another process reaches the vault through the real SDK and credential", async () => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", CHILD_SCRIPT], {
      env: { ...process.env, ...env },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({ keyType: "EC-HSM", curve: "P-256K" });
  });
});
