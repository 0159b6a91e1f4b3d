// CLI (`npm run check:bicep`): builds and lints every .bicep and .bicepparam file under infra/ with the pinned
// Bicep CLI (ARM JSON into the git-ignored .build/bicep/) and checks that each committed deployment snapshot in
// infra/snapshots is what the templates produce; `-- --update-snapshots` rewrites them. Any diagnostic fails.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  DotnetNotInstalledError,
  REPOSITORY_DIRECTORY,
  ensureBicep,
  pinnedBicepVersion,
  runBicep,
  snapshotCommand,
  type BicepRun,
} from "./bicepCli.js";

const BUILD_DIRECTORY = ".build/bicep";
const SNAPSHOT_DIRECTORY = "infra/snapshots";
/** A compiler or linter diagnostic line: `<file>(<line>,<column>) : <Level> <code>: <message>`. */
const DIAGNOSTIC = /^.+\(\d+,\d+\) : (Error|Warning|Info) [^:]+: /;
/** Bicep runs are CPU-heavy (one JIT-compiled process each); two at a time suit a 2-core CI machine. */
const PARALLEL_RUNS = 2;

/** Every CLI invocation of one check, as argument lists run from the repository root. */
function bicepCommands(parameterFiles: readonly string[], updateSnapshots: boolean): string[][] {
  return [
    ["build", "--pattern", "infra/**/*.bicep", "--outdir", BUILD_DIRECTORY],
    ["build-params", "--pattern", "infra/**/*.bicepparam", "--outdir", BUILD_DIRECTORY],
    ["lint", "--pattern", "infra/**/*.bicep*"],
    ...parameterFiles.map((file) =>
      snapshotCommand(`${SNAPSHOT_DIRECTORY}/${file}`, updateSnapshots ? "overwrite" : "validate"),
    ),
  ];
}

/** One finished CLI invocation. */
interface Run extends BicepRun {
  args: readonly string[];
}

async function runAll(executable: string, commands: readonly string[][]): Promise<Run[]> {
  const runs: Run[] = [];
  const queue = [...commands];
  const worker = async (): Promise<void> => {
    for (let args = queue.shift(); args; args = queue.shift())
      runs.push({ args, ...(await runBicep(executable, args)) });
  };
  await Promise.all(Array.from({ length: PARALLEL_RUNS }, worker));
  return runs;
}

/** Each distinct compiler or linter diagnostic once (every command that compiles a file repeats its
 * diagnostics), then any other output (a snapshot difference, a crash) under the command that printed it. */
function problems(runs: readonly Run[]): string[] {
  const diagnostics = new Set<string>();
  const other: string[] = [];
  for (const { args, code, output } of runs) {
    const lines = output.split("\n").filter((line) => line.trim() !== "");
    for (const line of lines.filter((l) => DIAGNOSTIC.test(l))) diagnostics.add(line.replace(REPOSITORY_DIRECTORY, ""));
    const rest = lines.filter((line) => !DIAGNOSTIC.test(line));
    if (rest.length > 0 || (code !== 0 && lines.length === 0)) {
      other.push([`bicep ${args.join(" ")} (exit ${code}):`, ...rest].join("\n"));
    }
  }
  return [...[...diagnostics].sort(), ...other];
}

async function main(): Promise<number> {
  const started = Date.now();
  const bicep = await ensureBicep().catch((error: unknown) => error as Error);
  if (bicep instanceof DotnetNotInstalledError && !process.env["CI"]) {
    console.warn(`!!! SKIPPED bicep build, lint and snapshots: ${bicep.message}`);
    return 0;
  }
  if (bicep instanceof Error) return report([bicep.message], started);
  if (bicep.restoredInMs !== undefined) console.log(`restored Bicep CLI in ${seconds(bicep.restoredInMs)}`);
  const parameterFiles = readdirSync(join(REPOSITORY_DIRECTORY, SNAPSHOT_DIRECTORY)).filter((name) =>
    name.endsWith(".bicepparam"),
  );
  const commands = bicepCommands(parameterFiles, process.argv.includes("--update-snapshots"));
  return report(problems(await runAll(bicep.path, commands)), started);
}

function report(found: readonly string[], started: number): number {
  for (const problem of found) console.error(problem);
  const summary = `Bicep CLI ${pinnedBicepVersion()}, ${seconds(Date.now() - started)}`;
  console.log(found.length === 0 ? `bicep checks passed (${summary})` : `bicep checks failed (${summary})`);
  return found.length === 0 ? 0 : 1;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

process.exitCode = await main();
