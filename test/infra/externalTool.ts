// Gate for tests that need a Debian tool: in CI (CI=true) a missing tool fails the run; on a developer machine
// the tests are skipped with a loud notice naming the apt command.
import { execFileSync } from "node:child_process";

/** True when the tool is installed; throws in CI when it is not. */
export function requireTool(command: string, aptPackage: string): boolean {
  try {
    execFileSync("which", [command], { stdio: "ignore" });
    return true;
  } catch {
    const message = `${command} is not installed: apt-get update && apt-get install -y ${aptPackage}`;
    if (process.env["CI"]) throw new Error(`CI must have ${command}; ${message}`);
    console.warn(`\n!!! SKIPPING ${command} tests: ${message}\n`);
    return false;
  }
}
