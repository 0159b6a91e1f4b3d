// The pinned Bicep CLI: `dotnet restore` of bicep.csproj fetches the NuGet package
// Azure.Bicep.CommandLine.<runtime> at the version that project pins into the git-ignored .tools/ folder, once;
// later runs reuse it. Nothing is downloaded from anywhere but the machine's NuGet sources.
import { execFile } from "node:child_process";
import { access, chmod } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** Absolute path of the repository root. */
export const REPOSITORY_DIRECTORY = fileURLToPath(new URL("../../../", import.meta.url));

const PROJECT = fileURLToPath(new URL("bicep.csproj", import.meta.url));
const TOOLS_DIRECTORY = join(REPOSITORY_DIRECTORY, ".tools");
const ZERO_GUID = "00000000-0000-0000-0000-000000000000";
const RESTORE_TIMEOUT_IN_MS = 300_000;
const RUN_TIMEOUT_IN_MS = 120_000;
// The snapshot diff is coloured even when piped (NO_COLOR is not honoured).
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** NuGet runtime id of the CLI package per Node platform-arch. */
const RUNTIMES: Readonly<Record<string, string>> = {
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "darwin-x64": "osx-x64",
  "darwin-arm64": "osx-arm64",
};

/** The CLI version bicep.csproj pins. */
export function pinnedBicepVersion(project: string = readFileSync(PROJECT, "utf8")): string {
  const version = /<PackageDownload Include="Azure\.Bicep\.CommandLine\.[^"]+" Version="\[([^\]]+)\]"/.exec(project);
  if (!version?.[1]) throw new Error("bicep.csproj pins no exact Azure.Bicep.CommandLine version");
  return version[1];
}

/** The NuGet runtime id for a Node platform and architecture; throws where no CLI package exists. */
export function bicepRuntime(platform: string = process.platform, arch: string = process.arch): string {
  const runtime = RUNTIMES[`${platform}-${arch}`];
  if (!runtime) throw new Error(`no Bicep CLI package for ${platform}-${arch}`);
  return runtime;
}

/** Where the restored CLI executable lives (NuGet lower-cases package folders). */
export function bicepExecutablePath(): string {
  const packageId = `azure.bicep.commandline.${bicepRuntime()}`;
  return join(TOOLS_DIRECTORY, "nuget", packageId, pinnedBicepVersion(), "tools", "bicep");
}

/** The .NET SDK that restores the CLI is not installed: callers outside CI skip the check rather than fail. */
export class DotnetNotInstalledError extends Error {
  constructor(options?: ErrorOptions) {
    super("the .NET SDK (dotnet) is not installed; it restores the Bicep CLI from NuGet", options);
    this.name = "DotnetNotInstalledError";
  }
}

/** The CLI's path, and how long restoring it took when this call had to. */
export interface BicepInstallation {
  path: string;
  restoredInMs?: number;
}

/** Restores the CLI unless it is already in .tools/; throws when the .NET SDK is missing or restore fails. */
export async function ensureBicep(): Promise<BicepInstallation> {
  const path = bicepExecutablePath();
  if (await exists(path)) return { path };
  const started = Date.now();
  const args = ["restore", PROJECT, "--packages", join(TOOLS_DIRECTORY, "nuget"), "--nologo", "--verbosity", "quiet"];
  const properties = [`-p:BicepRuntime=${bicepRuntime()}`, `-p:BaseIntermediateOutputPath=${TOOLS_DIRECTORY}/obj/`];
  try {
    await promisify(execFile)("dotnet", [...args, ...properties], {
      timeout: RESTORE_TIMEOUT_IN_MS,
      env: { ...process.env, DOTNET_NOLOGO: "1", DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
    });
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (failure.code === "ENOENT") throw new DotnetNotInstalledError({ cause: error });
    throw new Error(`dotnet restore of the Bicep CLI failed:\n${failure.stdout ?? ""}${failure.stderr ?? ""}`, {
      cause: error,
    });
  }
  if (!(await exists(path))) throw new Error(`the restored Bicep CLI package has no ${path}`);
  await chmod(path, 0o755);
  return { path, restoredInMs: Date.now() - started };
}

/** `bicep snapshot` of a parameter file, in the fixed scope that keeps the committed snapshots reproducible;
 * validate compares with <name>.snapshot.json beside the file, overwrite rewrites it. */
export function snapshotCommand(parameterFile: string, mode: "validate" | "overwrite"): string[] {
  const scope = ["--tenant-id", ZERO_GUID, "--subscription-id", ZERO_GUID, "--deployment-name", "azd"];
  return ["snapshot", parameterFile, "--mode", mode, ...scope];
}

/** Exit code and everything the CLI printed. */
export interface BicepRun {
  code: number;
  output: string;
}

/** Runs the CLI from the repository root; output is stdout and stderr without colour codes. */
export async function runBicep(executable: string, args: readonly string[]): Promise<BicepRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(executable, args, {
      cwd: REPOSITORY_DIRECTORY,
      timeout: RUN_TIMEOUT_IN_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, output: withoutColours(`${stdout}${stderr}`) };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    const output = `${failure.stdout ?? ""}${failure.stderr ?? ""}` || failure.message;
    return { code: typeof failure.code === "number" ? failure.code : 1, output: withoutColours(output) };
  }
}

function withoutColours(text: string): string {
  return text.replace(ANSI_COLOUR, "").trim();
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
