import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AppError } from "../../lib/domain/appError.js";
import { loadConfig } from "../../lib/config/config.js";
import { INFRA_DIRECTORY, snapshotPaths } from "../../infra/tools/checks/infraFiles.js";

// What Resource Manager receives for the Function App's app settings, per deployment snapshot.
function appSettingNames(snapshotPath: string): string[] {
  const snapshot = JSON.parse(readFileSync(join(INFRA_DIRECTORY, snapshotPath), "utf8")) as {
    predictedResources: { type: string; name: string; properties?: Record<string, unknown> }[];
  };
  const settings = snapshot.predictedResources.find(
    (r) => r.type === "Microsoft.Web/sites/config" && r.name.endsWith("/appsettings"),
  );
  return Object.keys(settings?.properties ?? {});
}

// The settings the app's configuration reports as missing when only `names` are set (values do not matter here).
function missingSettings(names: readonly string[]): string[] {
  try {
    loadConfig(Object.fromEntries(names.map((name) => [name, "set"])));
    return [];
  } catch (error) {
    const problems = (error as AppError).details?.["problems"] as string[];
    return problems.filter((p) => p.endsWith(" is required"));
  }
}

const FUNCTIONS_DIRECTORY = new URL("../../functions/", import.meta.url);

// Every `%Setting%` a trigger binds to: the host refuses to index a function whose expression does not resolve.
function bindingSettings(): string[] {
  const names = readdirSync(FUNCTIONS_DIRECTORY)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => [...readFileSync(new URL(file, FUNCTIONS_DIRECTORY), "utf8").matchAll(/"%([A-Za-z0-9_]+)%"/g)])
    .map((match) => match[1] ?? "");
  return [...new Set(names)].sort();
}

describe.each(snapshotPaths())("the Function App's app settings in %s", (snapshotPath) => {
  const names = appSettingNames(snapshotPath);

  it("hold every setting the app requires", () => {
    expect(names.length).toBeGreaterThan(10);
    expect(missingSettings(names)).toEqual([]);
  });

  it("resolve every %Setting% the triggers bind to", () => {
    expect(bindingSettings()).toContain("RETENTION_SCHEDULE");
    expect(bindingSettings().filter((name) => !names.includes(name))).toEqual([]);
  });

  it("take the consortium subject key from Key Vault, never as a value", () => {
    const snapshot = readFileSync(join(INFRA_DIRECTORY, snapshotPath), "utf8");
    expect(snapshot).toContain(`"CONSORTIUM_SUBJECT_KEY": "[format('@Microsoft.KeyVault(SecretUri={0})'`);
  });
});

// Key Vault Secrets Officer: the app creates, rotates and deletes webhook secrets and reads the subject key.
const SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

describe.each(snapshotPaths())("the Function App's identity in %s", (snapshotPath) => {
  it("may manage the app vault's secrets (webhook secrets, the subject key reference)", () => {
    const snapshot = JSON.parse(readFileSync(join(INFRA_DIRECTORY, snapshotPath), "utf8")) as {
      predictedResources: {
        type: string;
        id: string;
        properties?: { roleDefinitionId?: string; principalId?: string };
      }[];
    };
    const grants = snapshot.predictedResources.filter(
      (r) =>
        r.type === "Microsoft.Authorization/roleAssignments" &&
        r.properties?.roleDefinitionId?.endsWith(SECRETS_OFFICER) &&
        r.id.includes("/vaults/kv-") &&
        r.properties.principalId?.includes("/userAssignedIdentities/id-func-"),
    );
    expect(grants).toHaveLength(1);
  });
});

describe("the app settings check", () => {
  it("names a required setting the deployment lacks", () => {
    expect(missingSettings(["CHAIN_ID"])).toContain("CONSORTIUM_SUBJECT_KEY is required");
  });
});
