import { describe, expect, it } from "vitest";
import { Expression } from "../../infra/tools/checks/bicepModel.js";
import { extendedResourceId, readSnapshot } from "../../infra/tools/checks/snapshotModel.js";

const GROUP = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-bank-a";
const VAULT = `${GROUP}/providers/Microsoft.KeyVault/vaults/kv-x`;
const SNAPSHOT = {
  predictedResources: [
    {
      id: VAULT,
      type: "Microsoft.KeyVault/vaults",
      name: "kv-x",
      apiVersion: "2026-05-15",
      properties: { enablePurgeProtection: true, vaultUri: "[reference('x').vaultUri]", escaped: "[[literal]" },
    },
    {
      id: `${VAULT}/providers/Microsoft.Insights/diagnosticSettings/to-log-analytics`,
      type: "Microsoft.Insights/diagnosticSettings",
      name: "to-log-analytics",
      apiVersion: "2021-05-01-preview",
      properties: { logs: [{ categoryGroup: "allLogs", enabled: true }] },
    },
  ],
  diagnostics: [],
  outputs: { KEYVAULT_URL: "[reference('x').vaultUri]", AZURE_LOCATION: "westeurope" },
};

describe("readSnapshot", () => {
  it("reads each predicted resource with its id as symbol and its JSON as body", () => {
    const [vault] = readSnapshot("snapshots/x.snapshot.json", SNAPSHOT).resources;
    expect(vault).toMatchObject({
      symbol: VAULT,
      type: "Microsoft.KeyVault/vaults",
      apiVersion: "2026-05-15",
      existing: false,
      body: { name: "kv-x", properties: { enablePurgeProtection: true } },
    });
    expect(vault?.body).not.toHaveProperty("id");
  });

  it("turns ARM expressions into expressions and keeps the [[ escape a string", () => {
    const [vault] = readSnapshot("x", SNAPSHOT).resources;
    expect(vault?.body["properties"]).toMatchObject({
      vaultUri: new Expression("reference('x').vaultUri"),
      escaped: "[[literal]",
    });
  });

  it("gives an extension resource the id of the resource it extends as scope", () => {
    const [vault, diagnostics] = readSnapshot("x", SNAPSHOT).resources;
    expect(vault?.body).not.toHaveProperty("scope");
    expect(diagnostics?.body["scope"]).toBe(VAULT);
  });

  it("marks the file a snapshot and reads its outputs", () => {
    const file = readSnapshot("x", SNAPSHOT);
    expect(file.view).toBe("snapshot");
    expect(file.outputs).toEqual({
      KEYVAULT_URL: new Expression("reference('x').vaultUri"),
      AZURE_LOCATION: "westeurope",
    });
  });

  it("rejects JSON that is not a snapshot", () => {
    expect(() => readSnapshot("main.json", { resources: [] })).toThrow(/main.json: no predictedResources/);
  });
});

describe("extendedResourceId", () => {
  it("returns the resource an extension resource's literal id extends", () => {
    expect(extendedResourceId(`${VAULT}/providers/Microsoft.Insights/diagnosticSettings/d`)).toBe(VAULT);
  });

  it("returns the first argument of an extensionResourceId() id left unresolved", () => {
    const id = `[extensionResourceId('${VAULT}', 'Microsoft.Authorization/roleAssignments', guid('a'))]`;
    expect(extendedResourceId(id)).toBe(VAULT);
  });

  it("returns undefined for a top-level or child resource and for group or subscription scope", () => {
    expect(extendedResourceId(VAULT)).toBeUndefined();
    expect(extendedResourceId(`${VAULT}/keys/tx-signer`)).toBeUndefined();
    expect(extendedResourceId(`${GROUP}/providers/Microsoft.Authorization/roleAssignments/r`)).toBeUndefined();
    const atGroup = `[extensionResourceId('${GROUP}', 'Microsoft.Authorization/roleAssignments', 'r')]`;
    expect(extendedResourceId(atGroup)).toBeUndefined();
  });
});
