// Runs Debian's shellcheck on the validator bootstrap scripts.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** Outcome of shellcheck: clean, or its report. */
export type ShellcheckResult = { clean: true } | { clean: false; output: string };

/** Runs `shellcheck --severity=style` on the files (following sourced files). */
export async function runShellcheck(paths: readonly string[]): Promise<ShellcheckResult> {
  try {
    await promisify(execFile)("shellcheck", ["--severity=style", "--external-sources", ...paths], { timeout: 60_000 });
    return { clean: true };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failure.code === "ENOENT")
      throw new Error("shellcheck is not installed (apt-get install -y shellcheck)", { cause: error });
    return { clean: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}`.trim() };
  }
}
