// Locates and loads the repository's infrastructure sources and deployment snapshots for the offline checks.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { readBicepFile, type BicepFile } from "./bicepModel.js";
import { readSnapshot } from "./snapshotModel.js";

/** Absolute path of infra/. */
export const INFRA_DIRECTORY = fileURLToPath(new URL("../../", import.meta.url));

/** Paths (relative to infra/) of every .bicep file, sorted. */
export function bicepPaths(directory: string = INFRA_DIRECTORY): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.isDirectory()) return entry.name === "tools" ? [] : walk(join(dir, entry.name));
      return entry.name.endsWith(".bicep") ? [relative(directory, join(dir, entry.name))] : [];
    });
  return walk(directory).sort();
}

/** Reads a file below infra/. */
export function readInfraFile(path: string): string {
  return readFileSync(join(INFRA_DIRECTORY, path), "utf8");
}

/** Parses every .bicep file below infra/ into the rule model. */
export async function loadBicepFiles(): Promise<BicepFile[]> {
  return Promise.all(bicepPaths().map((path) => readBicepFile(path, readInfraFile(path))));
}

/** Paths (relative to infra/) of the committed deployment snapshots, one per .bicepparam in infra/snapshots. */
export function snapshotPaths(): string[] {
  return readdirSync(join(INFRA_DIRECTORY, "snapshots"))
    .filter((name) => name.endsWith(".snapshot.json"))
    .sort()
    .map((name) => `snapshots/${name}`);
}

/** Reads every committed deployment snapshot into the rule model. */
export function loadSnapshots(): BicepFile[] {
  return snapshotPaths().map((path) => readSnapshot(path, JSON.parse(readInfraFile(path))));
}
