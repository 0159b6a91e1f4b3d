// package-lock.json as `npm ci` needs it on a clean clone: the root agrees with package.json, and every optional
// (platform) package a locked package names is itself locked, or npm ci on another platform cannot install it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as LockedPackage;
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, LockedPackage> };

describe("package-lock.json", () => {
  it("declares the same dependencies as package.json", () => {
    const root = lock.packages[""];
    expect(root?.dependencies ?? {}).toEqual(pkg.dependencies ?? {});
    expect(root?.devDependencies ?? {}).toEqual(pkg.devDependencies ?? {});
  });

  it("locks every optional dependency of every locked package (e.g. anvil's platform binaries)", () => {
    const missing: string[] = [];
    for (const [where, locked] of Object.entries(lock.packages)) {
      for (const name of Object.keys(locked.optionalDependencies ?? {})) {
        const nested = `${where === "" ? "" : `${where}/`}node_modules/${name}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`]) missing.push(`${where}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
