// Golden files: committed JSON a test compares its output with. A missing file is a failure, never a fresh
// baseline, so a clean clone checks what was reviewed; `UPDATE_GOLDEN=1` (refused under CI) rewrites them.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

/** The environment variables `expectGolden` reads; `process.env` by default. */
export interface GoldenEnv {
  UPDATE_GOLDEN?: string;
  CI?: string;
}

/**
 * Asserts that `actual` equals the JSON in `file`. With `UPDATE_GOLDEN=1` it first writes `actual` to `file`;
 * without it, a missing file fails the test with the command that creates it.
 */
export function expectGolden(file: string, actual: unknown, env: GoldenEnv = process.env): void {
  if (env.UPDATE_GOLDEN === "1") {
    if (env.CI !== undefined && env.CI !== "" && env.CI !== "false")
      throw new Error("UPDATE_GOLDEN=1 is refused under CI: golden files are regenerated and reviewed locally");
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  }
  if (!existsSync(file))
    throw new Error(`golden file ${file} is missing; create it with UPDATE_GOLDEN=1, review it and commit it`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, "utf8")));
}
