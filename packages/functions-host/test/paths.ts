// Absolute paths of what the host tests run (the fixture apps, the command line), so that they pass from the
// repository root and from the package folder alike.
import { fileURLToPath } from "node:url";

/** The folder of a fixture app under `test/fixtures/`. */
export function fixtureApp(name: "hostApp" | "cjsApp" | "streamApp"): string {
  return fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
}

/** The `npm run host` entry point. */
export const HOST_CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
