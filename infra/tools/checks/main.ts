// CLI: every offline infrastructure check in one run (`npm run check:infra`); exits non-zero on any problem.
// The baseline rules run on the Bicep source and on the committed deployment snapshots (what Resource Manager
// receives; `npm run check:bicep` keeps them current). cloud-init and shellcheck are required in CI (CI=true)
// and skipped with a notice elsewhere when absent.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expectedArtefacts } from "../consortium/generate.js";
import { checkBaseline } from "./baseline.js";
import { readBicepFile } from "./bicepModel.js";
import { parseBicep } from "./bicepParser.js";
import { CUSTOM_DATA_LIMIT_IN_BYTES, cloudInitPlaceholders, validateCloudConfig } from "./cloudInit.js";
import { INFRA_DIRECTORY, bicepPaths, loadSnapshots, readInfraFile, snapshotPaths } from "./infraFiles.js";
import { checkModuleCalls, checkParameterFile } from "./parameterChecks.js";
import { runShellcheck } from "./shellcheck.js";
import { committedAppRoleProblems } from "./entraAppRoles.js";
import { CLOUD_INIT_TEMPLATE, bicepCloudInitKeys, renderValidatorCloudInit } from "./validatorCloudInit.js";

const SCRIPTS = [
  ...["besu-identity.sh", "besu-install.sh", "besu-heartbeat.sh"].map((s) => join(INFRA_DIRECTORY, "validators", s)),
  join(INFRA_DIRECTORY, "entra", "register-api.sh"),
  join(INFRA_DIRECTORY, "entra", "register-console-sign-in.sh"),
];

async function syntaxProblems(): Promise<string[]> {
  const results = await Promise.all(
    bicepPaths().map(async (path) => ({ path, ...(await parseBicep(readInfraFile(path))) })),
  );
  return results.flatMap(({ path, errors }) => errors.map((e) => `${path}:${e.line}:${e.column} ${e.message}`));
}

function missingSnapshots(): string[] {
  const snapshots = new Set(snapshotPaths());
  return readdirSync(join(INFRA_DIRECTORY, "snapshots"))
    .filter((name) => name.endsWith(".bicepparam"))
    .map((name) => `snapshots/${name.replace(/\.bicepparam$/, ".snapshot.json")}`)
    .filter((path) => !snapshots.has(path))
    .map((path) => `infra/${path} is missing: run npm run check:bicep -- --update-snapshots`);
}

async function externalToolProblems(cloudConfig: string): Promise<string[]> {
  try {
    const schema = await validateCloudConfig(cloudConfig);
    const shell = await runShellcheck(SCRIPTS);
    return [...(schema.valid ? [] : [schema.output]), ...(shell.clean ? [] : [shell.output])];
  } catch (error) {
    if (process.env["CI"]) return [(error as Error).message];
    console.warn(`!!! SKIPPED cloud-init schema and shellcheck: ${(error as Error).message}`);
    return [];
  }
}

async function main(): Promise<number> {
  const syntax = await syntaxProblems();
  if (syntax.length > 0) return report(syntax);
  const files = await Promise.all(bicepPaths().map((path) => readBicepFile(path, readInfraFile(path))));
  const main = files.find((f) => f.path === "main.bicep");
  const validators = files.find((f) => f.path === "modules/validators.bicep");
  if (!main || !validators) return report(["main.bicep or modules/validators.bicep is missing"]);
  const cloudConfig = renderValidatorCloudInit(validators);
  const placeholders = cloudInitPlaceholders(readInfraFile(CLOUD_INIT_TEMPLATE)).join(",");
  const artefacts = expectedArtefacts(readInfraFile("consortium/validators.json"));
  const problems = [
    ...missingSnapshots(),
    ...checkBaseline([...files, ...loadSnapshots()]).findings.map(
      (f) => `${f.rule} ${f.file}:${f.line} ${f.subject}: ${f.message}`,
    ),
    ...checkParameterFile(main, JSON.parse(readInfraFile("main.parameters.json"))),
    ...checkModuleCalls(files),
    ...committedAppRoleProblems(),
    ...(placeholders === bicepCloudInitKeys(validators).join(",")
      ? []
      : ["cloud-init placeholders differ from cloudInitValues"]),
    ...(Buffer.byteLength(cloudConfig) <= CUSTOM_DATA_LIMIT_IN_BYTES ? [] : ["validator custom data exceeds 64 KiB"]),
    ...Object.entries(artefacts)
      .filter(([name, content]) => readFileSync(join(INFRA_DIRECTORY, "consortium", name), "utf8") !== content)
      .map(([name]) => `infra/consortium/${name} is stale: run npx tsx infra/tools/consortium/generate.ts`),
    ...(await externalToolProblems(cloudConfig)),
  ];
  return report(problems);
}

function report(problems: string[]): number {
  for (const problem of problems) console.error(problem);
  console.log(problems.length === 0 ? "infra checks passed" : `infra checks failed: ${problems.length} problem(s)`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
