import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DotnetNotInstalledError,
  bicepRuntime,
  ensureBicep,
  pinnedBicepVersion,
  runBicep,
  snapshotCommand,
  type BicepInstallation,
} from "../../infra/tools/bicep/bicepCli.js";
import { checkBaseline } from "../../infra/tools/checks/baseline.js";
import { INFRA_DIRECTORY, readInfraFile } from "../../infra/tools/checks/infraFiles.js";
import { readSnapshot } from "../../infra/tools/checks/snapshotModel.js";

/** The restored CLI; undefined (with a notice) on a developer machine without the .NET SDK. */
async function availableBicep(): Promise<BicepInstallation | undefined> {
  try {
    return await ensureBicep();
  } catch (error) {
    if (!(error instanceof DotnetNotInstalledError) || process.env["CI"]) throw error;
    console.warn(`\n!!! SKIPPING the Bicep CLI test: ${error.message}\n`);
    return undefined;
  }
}

describe("pinnedBicepVersion", () => {
  it("reads the exact version bicep.csproj pins", () => {
    expect(pinnedBicepVersion()).toBe("0.49.2");
  });

  it("rejects a project without an exact version", () => {
    const floating = '<PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="0.49.*" />';
    expect(() => pinnedBicepVersion(floating)).toThrow(/no exact/);
  });
});

describe("bicepRuntime", () => {
  it("maps Node platforms to NuGet runtime ids", () => {
    expect(bicepRuntime("linux", "x64")).toBe("linux-x64");
    expect(bicepRuntime("darwin", "arm64")).toBe("osx-arm64");
  });

  it("rejects a platform without a CLI package", () => {
    expect(() => bicepRuntime("aix", "ppc64")).toThrow(/no Bicep CLI package for aix-ppc64/);
  });
});

describe("snapshotCommand", () => {
  it("lets the baseline see a rule that only the resolved loop builds", async (context) => {
    const bicep = await availableBicep();
    if (!bicep) return context.skip();
    const directory = await mkdtemp(join(tmpdir(), "bicep-snapshot-"));
    try {
      const small = readInfraFile("snapshots/small.bicepparam");
      const using = `using '${relative(directory, join(INFRA_DIRECTORY, "main.bicep"))}'`;
      const openPeer = `${small.replace("using '../main.bicep'", using)}\nparam peerAddressPrefixes = ['0.0.0.0/0']\n`;
      await writeFile(join(directory, "open.bicepparam"), openPeer);
      const run = await runBicep(bicep.path, snapshotCommand(join(directory, "open.bicepparam"), "overwrite"));
      expect(run.code, run.output).toBe(0);
      const json = JSON.parse(await readFile(join(directory, "open.snapshot.json"), "utf8"));
      const findings = checkBaseline([readSnapshot("open", json)]).findings;
      expect(findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([
        "Azure.NSG.AnyInboundSource: rule allow-p2p-member-0 allows any inbound source",
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 300_000);
});
