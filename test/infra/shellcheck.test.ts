import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INFRA_DIRECTORY } from "../../infra/tools/checks/infraFiles.js";
import { runShellcheck } from "../../infra/tools/checks/shellcheck.js";
import { requireTool } from "./externalTool.js";

const hasShellcheck = requireTool("shellcheck", "shellcheck");
const SCRIPTS = ["validators/besu-identity.sh", "validators/besu-install.sh", "validators/besu-heartbeat.sh"].concat(
  "entra/register-api.sh",
  "entra/register-console-sign-in.sh",
);

describe.skipIf(!hasShellcheck)("runShellcheck", () => {
  it.each(SCRIPTS)("finds nothing to fix in %s", async (script) => {
    expect(await runShellcheck([join(INFRA_DIRECTORY, script)])).toEqual({ clean: true });
  });

  it("flags an unquoted expansion", async () => {
    const directory = await mkdtemp(join(tmpdir(), "shellcheck-"));
    try {
      const script = join(directory, "bad.sh");
      await writeFile(script, "#!/usr/bin/env bash\nrm -rf $1/*\n");
      const result = await runShellcheck([script]);
      expect(result.clean).toBe(false);
      expect(result.clean ? "" : result.output).toContain("SC2086");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
