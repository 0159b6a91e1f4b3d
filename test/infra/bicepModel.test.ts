import { describe, expect, it } from "vitest";
import { Expression, readBicepFile } from "../../infra/tools/checks/bicepModel.js";

const SOURCE = `
@secure()
param secretValue string
param count int = 2
var shared = { enabled: true, days: 7 }
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-\${count}'
  properties: {
    sku: { family: 'A', name: 'premium' }
    retention: shared
    'odata.type': 'x'
    escaped: 'it\\'s'
  }
}
resource conditional 'Microsoft.Storage/storageAccounts@2023-05-01' = if (count > 1) {
  name: 'st'
}
resource looped 'Microsoft.Network/privateDnsZones@2024-06-01' = [for i in range(0, count): {
  name: 'zone\${i}'
}]
resource parent 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: 'sb'
  resource queue 'queues' existing = {
    name: 'q'
  }
}
module child './child.bicep' = {
  name: 'child'
  params: { a: 1 }
}
output vaultName string = vault.name
`;

describe("readBicepFile", () => {
  it("reads literal properties as values and computed ones as expressions", async () => {
    const [vault] = (await readBicepFile("x.bicep", SOURCE)).resources;
    expect(vault?.type).toBe("Microsoft.KeyVault/vaults");
    expect(vault?.apiVersion).toBe("2023-07-01");
    expect(vault?.body["name"]).toEqual(new Expression("'kv-${count}'"));
    expect(vault?.body["properties"]).toMatchObject({ sku: { name: "premium" }, "odata.type": "x", escaped: "it's" });
  });

  it("resolves a variable to its literal value", async () => {
    const [vault] = (await readBicepFile("x.bicep", SOURCE)).resources;
    expect(vault?.body["properties"]).toMatchObject({ retention: { enabled: true, days: 7 } });
  });

  it("reads the bodies of conditional and looped resources", async () => {
    const { resources } = await readBicepFile("x.bicep", SOURCE);
    expect(resources.find((r) => r.symbol === "conditional")?.body["name"]).toBe("st");
    expect(resources.find((r) => r.symbol === "looped")?.body["name"]).toEqual(new Expression("'zone${i}'"));
  });

  it("reads nested resources with their full type and existing flag", async () => {
    const { resources } = await readBicepFile("x.bicep", SOURCE);
    expect(resources.find((r) => r.symbol === "queue")).toMatchObject({
      type: "Microsoft.ServiceBus/namespaces/queues",
      existing: true,
    });
  });

  it("reads parameters with decorators and defaults, modules and outputs", async () => {
    const file = await readBicepFile("x.bicep", SOURCE);
    expect(file.parameters).toEqual([
      { name: "secretValue", type: "string", decorators: ["@secure()"] },
      { name: "count", type: "int", decorators: [], defaultValue: 2 },
    ]);
    expect(file.modules).toEqual([{ symbol: "child", path: "./child.bicep", params: { a: 1 } }]);
    expect(file.outputs["vaultName"]).toEqual(new Expression("vault.name"));
  });

  it("rejects a source with syntax errors", async () => {
    await expect(readBicepFile("bad.bicep", "resource x 'A/b@1' = {\n")).rejects.toThrow(/bad.bicep: syntax error/);
  });
});
