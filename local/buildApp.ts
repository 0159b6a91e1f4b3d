// Compiles functions/ and lib/ to dist/ — the Function App's `main` — exactly as a deployment build does, so the
// local consortium and the end-to-end tests run the deployed code, not the TypeScript sources.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the app folder). */
export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `tsc -p tsconfig.build.json`, then builds the console page; throws with the output when either fails. */
export function buildApp(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(APP_ROOT, "tsconfig.build.json")], {
    cwd: APP_ROOT,
    stdio: "pipe",
  });
  execFileSync(process.execPath, ["--import", "tsx", path.join(APP_ROOT, "console/build.ts")], {
    cwd: APP_ROOT,
    stdio: "pipe",
  });
}
