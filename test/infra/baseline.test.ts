import { beforeAll, describe, expect, it } from "vitest";
import { BASELINE_RULES, checkBaseline } from "../../infra/tools/checks/baseline.js";
import { readBicepFile, type BicepFile } from "../../infra/tools/checks/bicepModel.js";
import { loadBicepFiles, loadSnapshots, readInfraFile, snapshotPaths } from "../../infra/tools/checks/infraFiles.js";
import { readSnapshot } from "../../infra/tools/checks/snapshotModel.js";

/** A realistic violation: the real module with one line changed. */
interface Violation {
  rule: string;
  file: string;
  from: string;
  to: string;
}

const OWNER_ROLE = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

const VIOLATIONS: Violation[] = [
  {
    rule: "Azure.KeyVault.PurgeProtect",
    file: "keyVault",
    from: "enablePurgeProtection: true",
    to: "enablePurgeProtection: false",
  },
  {
    rule: "Azure.KeyVault.SoftDelete",
    file: "keyVault",
    from: "softDeleteRetentionInDays: 90",
    to: "softDeleteRetentionInDays: 7",
  },
  {
    rule: "Azure.KeyVault.RBAC",
    file: "keyVault",
    from: "enableRbacAuthorization: true",
    to: "enableRbacAuthorization: false",
  },
  {
    rule: "Azure.KeyVault.Firewall",
    file: "keyVault",
    from: "publicNetworkAccess: 'Disabled'",
    to: "publicNetworkAccess: 'Enabled'",
  },
  { rule: "Azure.KeyVault.Logs", file: "keyVault", from: "scope: vault", to: "scope: signingKey" },
  { rule: "Creditlink.KeyVault.PremiumSku", file: "keyVault", from: "name: 'premium'", to: "name: 'standard'" },
  {
    rule: "Creditlink.KeyVault.SigningKeyHsm",
    file: "keyVault",
    from: "curveName: 'P-256K'",
    to: "curveName: 'P-256'",
  },
  { rule: "Creditlink.KeyVault.SigningKeyHsm", file: "keyVault", from: "kty: 'EC-HSM'", to: "kty: 'EC'" },
  {
    rule: "Azure.Storage.SecureTransfer",
    file: "storage",
    from: "supportsHttpsTrafficOnly: true",
    to: "supportsHttpsTrafficOnly: false",
  },
  {
    rule: "Azure.Storage.BlobPublicAccess",
    file: "storage",
    from: "allowBlobPublicAccess: false",
    to: "allowBlobPublicAccess: true",
  },
  {
    rule: "Azure.Storage.MinTLS",
    file: "storage",
    from: "minimumTlsVersion: 'TLS1_2'",
    to: "minimumTlsVersion: 'TLS1_0'",
  },
  {
    rule: "Azure.Storage.LocalAuth",
    file: "storage",
    from: "allowSharedKeyAccess: false",
    to: "allowSharedKeyAccess: true",
  },
  { rule: "Azure.Storage.Firewall", file: "storage", from: "defaultAction: 'Deny'", to: "defaultAction: 'Allow'" },
  {
    rule: "Azure.Storage.SoftDelete",
    file: "storage",
    from: "deleteRetentionPolicy: { enabled: true",
    to: "deleteRetentionPolicy: { enabled: false",
  },
  {
    rule: "Azure.ServiceBus.DisableLocalAuth",
    file: "serviceBus",
    from: "disableLocalAuth: true",
    to: "disableLocalAuth: false",
  },
  {
    rule: "Azure.ServiceBus.DisableLocalAuth",
    file: "serviceBus",
    from: "resource inboundQueue",
    to: "resource sas 'Microsoft.ServiceBus/namespaces/authorizationRules@2024-01-01' = {\n  parent: namespace\n  name: 'send'\n}\n\nresource inboundQueue",
  },
  {
    rule: "Azure.ServiceBus.MinTLS",
    file: "serviceBus",
    from: "minimumTlsVersion: '1.2'",
    to: "minimumTlsVersion: '1.0'",
  },
  { rule: "Creditlink.ServiceBus.PremiumPrivate", file: "serviceBus", from: "name: 'Premium'", to: "name: 'Standard'" },
  {
    rule: "Creditlink.ServiceBus.QueueSafety",
    file: "serviceBus",
    from: "requiresDuplicateDetection: true",
    to: "requiresDuplicateDetection: false",
  },
  {
    rule: "Creditlink.ServiceBus.QueueSafety",
    file: "serviceBus",
    from: "deadLetteringOnMessageExpiration: true",
    to: "deadLetteringOnMessageExpiration: false",
  },
  {
    rule: "Azure.AppService.MinTLS",
    file: "functionApp",
    from: "      minTlsVersion: '1.2'",
    to: "      minTlsVersion: '1.0'",
  },
  { rule: "Azure.AppService.UseHTTPS", file: "functionApp", from: "httpsOnly: true", to: "httpsOnly: false" },
  {
    rule: "Azure.AppService.RemoteDebug",
    file: "functionApp",
    from: "remoteDebuggingEnabled: false",
    to: "remoteDebuggingEnabled: true",
  },
  {
    rule: "Azure.AppService.ManagedIdentity",
    file: "functionApp",
    from: "type: 'UserAssigned'\n",
    to: "type: 'SystemAssigned'\n",
  },
  {
    rule: "Creditlink.AppService.NoSecretsInSettings",
    file: "functionApp",
    from: "AzureWebJobsStorage__credential: 'managedidentity'",
    to: "AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc'",
  },
  {
    rule: "Creditlink.AppService.NoSecretsInSettings",
    file: "functionApp",
    from: "KEYVAULT_URL: keyVaultUrl",
    to: "WEBHOOK_SIGNING_SECRET: 'whsec_abc'",
  },
  {
    rule: "Creditlink.AppService.NoBasicPublishing",
    file: "functionApp",
    from: "properties: { allow: false }",
    to: "properties: { allow: true }",
  },
  {
    rule: "Creditlink.AppService.ClientAllowlist",
    file: "functionApp",
    from: "      ipSecurityRestrictionsDefaultAction: 'Deny'",
    to: "      ipSecurityRestrictionsDefaultAction: 'Allow'",
  },
  {
    rule: "Creditlink.AppService.EntraAuthentication",
    file: "functionApp",
    from: "unauthenticatedClientAction: 'Return401'",
    to: "unauthenticatedClientAction: 'AllowAnonymous'",
  },
  {
    rule: "Creditlink.AppService.EntraAuthentication",
    file: "functionApp",
    from: "excludedPaths: ['/api/health', '/api/console']",
    to: "excludedPaths: ['/api/health', '/api/console', '/api/records']",
  },
  {
    rule: "Azure.AppInsights.LocalAuth",
    file: "monitoring",
    from: "DisableLocalAuth: true",
    to: "DisableLocalAuth: false",
  },
  {
    rule: "Azure.AppInsights.Workspace",
    file: "monitoring",
    from: "WorkspaceResourceId: workspace.id",
    to: "Flow_Type: 'Bluefield'",
  },
  {
    rule: "Azure.VMSS.PublicKey",
    file: "validators",
    from: "disablePasswordAuthentication: true",
    to: "disablePasswordAuthentication: false",
  },
  {
    rule: "Creditlink.Validators.ScaleSet",
    file: "validators",
    from: "orchestrationMode: 'Flexible'",
    to: "orchestrationMode: 'Uniform'",
  },
  {
    rule: "Creditlink.Validators.ScaleSet",
    file: "validators",
    from: "securityType: 'TrustedLaunch'",
    to: "securityType: 'Standard'",
  },
  {
    rule: "Creditlink.Validators.ScaleSet",
    file: "validators",
    from: "privateIPAddressVersion: 'IPv4'",
    to: "privateIPAddressVersion: 'IPv4'\n                    publicIPAddressConfiguration: { name: 'pip' }",
  },
  {
    rule: "Azure.LB.StandardSKU",
    file: "validators",
    from: "name: 'Standard'\n    tier: 'Regional'",
    to: "name: 'Basic'\n    tier: 'Regional'",
  },
  { rule: "Azure.LB.Probe", file: "validators", from: "protocol: 'Http'", to: "protocol: 'Tcp'" },
  {
    rule: "Creditlink.LB.InternalRpcOnly",
    file: "validators",
    from: "requestPath: '/readiness'",
    to: "requestPath: '/liveness'",
  },
  { rule: "Creditlink.LB.InternalRpcOnly", file: "validators", from: "backendPort: 8545", to: "backendPort: 30303" },
  {
    rule: "Creditlink.RBAC.LeastPrivilege",
    file: "rbac",
    from: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    to: OWNER_ROLE,
  },
  { rule: "Creditlink.RBAC.LeastPrivilege", file: "rbac", from: "  scope: nodeKeyVault\n", to: "" },
  {
    rule: "Azure.Deployment.SecureParameter",
    file: "identity",
    from: "param tags object",
    to: "param tags object\n\nparam adminPassword string",
  },
  {
    rule: "Azure.Deployment.OutputSecretValue",
    file: "rbac",
    from: "resource appStorage",
    to: "output storageKey string = appStorage.listKeys().keys[0].value\n\nresource appStorage",
  },
  {
    rule: "Azure.Deployment.OutputSecretValue",
    file: "keyVault",
    from: "output id string = vault.id",
    to: "output id string = vault.id\noutput leaked string = '${subjectKey}'",
  },
  {
    rule: "Azure.VNET.UseNSGs",
    file: "network",
    from: "          networkSecurityGroup: { id: functionNsg.id }\n",
    to: "",
  },
  {
    rule: "Azure.NSG.AnyInboundSource",
    file: "network",
    from: "sourceAddressPrefix: 'AzureLoadBalancer'",
    to: "sourceAddressPrefix: '*'",
  },
  {
    rule: "Azure.NSG.AnyInboundSource",
    file: "network",
    from: "sourceAddressPrefix: '${prefix}.0.0/16'",
    to: "sourceAddressPrefix: 'Internet'",
  },
  {
    rule: "Creditlink.PrivateEndpoint.Coverage",
    file: "main",
    from: "target: 'nodeKeyVault', groupId: 'vault'",
    to: "target: 'nodeKeyVault', groupId: 'blob'",
  },
  {
    rule: "Creditlink.PrivateEndpoint.Coverage",
    file: "main",
    from: "  { name: 'pe-sb-${token}', target: 'serviceBus', groupId: 'namespace', zone: 'serviceBus' }\n",
    to: "",
  },
];

async function violate({ file, from, to }: Violation): Promise<BicepFile> {
  const path = file === "main" ? "main.bicep" : `modules/${file}.bicep`;
  const source = readInfraFile(path);
  expect(source, `${path} no longer contains ${JSON.stringify(from)}`).toContain(from);
  return readBicepFile(path, source.replace(from, to));
}

describe("checkBaseline", () => {
  let files: BicepFile[];
  beforeAll(async () => {
    files = await loadBicepFiles();
  });

  it("finds no violation in the real templates", () => {
    expect(checkBaseline(files).findings).toEqual([]);
  });

  it.each(BASELINE_RULES.map((rule) => rule.id))("applies %s to at least one real resource", (id) => {
    expect(checkBaseline(files).subjectsPerRule[id]).toBeGreaterThan(0);
  });

  it("has a violating template for every rule", () => {
    expect(new Set(VIOLATIONS.map((v) => v.rule))).toEqual(new Set(BASELINE_RULES.map((rule) => rule.id)));
  });

  it.each(VIOLATIONS.map((v) => [v.rule, v.to.split("\n")[0], v] as const))(
    "%s catches a template with %s",
    async (rule, _change, violation) => {
      const findings = checkBaseline([await violate(violation)]).findings;
      expect(findings.map((f) => f.rule)).toContain(rule);
    },
  );
});

type Json = { [key: string]: unknown };

/** A realistic violation in what Resource Manager receives: a committed snapshot with one resource changed. */
interface SnapshotViolation {
  rule: string;
  change: string;
  snapshot: "small" | "large";
  apply: (resources: Json[]) => Json[];
}

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const properties = (resource: Json): Json => resource["properties"] as Json;
const named = (type: string, prefix: string) => (resource: Json) =>
  resource["type"] === type && String(resource["name"]).startsWith(prefix);
// The only role assignment to a user: the deployer's Key Vault Secrets Officer on the node-key vault.
const deployerRole = (resource: Json): boolean =>
  resource["type"] === "Microsoft.Authorization/roleAssignments" && properties(resource)["principalType"] === "User";
const edit = (matches: (resource: Json) => boolean, change: (resource: Json) => void) => (resources: Json[]) =>
  resources.map((resource) => {
    if (!matches(resource)) return resource;
    const copy = structuredClone(resource);
    change(copy);
    return copy;
  });
const drop = (matches: (resource: Json) => boolean) => (resources: Json[]) => resources.filter((r) => !matches(r));

const SNAPSHOT_VIOLATIONS: SnapshotViolation[] = [
  {
    rule: "Azure.KeyVault.PurgeProtect",
    change: "node-key vault without purge protection",
    snapshot: "small",
    apply: edit(named("Microsoft.KeyVault/vaults", "kvn-"), (r) => (properties(r)["enablePurgeProtection"] = false)),
  },
  {
    rule: "Azure.KeyVault.Logs",
    change: "no diagnostic setting on the node-key vault",
    snapshot: "small",
    apply: drop((r) => r["type"] === "Microsoft.Insights/diagnosticSettings" && /\/vaults\/kvn-/.test(`${r["id"]}`)),
  },
  {
    rule: "Creditlink.PrivateEndpoint.Coverage",
    change: "no Service Bus private endpoint",
    snapshot: "small",
    apply: drop(named("Microsoft.Network/privateEndpoints", "pe-sb-")),
  },
  {
    rule: "Creditlink.PrivateEndpoint.Coverage",
    change: "the node-key vault endpoint for the wrong sub-resource",
    snapshot: "large",
    apply: edit(named("Microsoft.Network/privateEndpoints", "pe-kvn-"), (r) => {
      const [connection] = properties(r)["privateLinkServiceConnections"] as Json[];
      properties(connection ?? {})["groupIds"] = ["blob"];
    }),
  },
  {
    rule: "Creditlink.RBAC.LeastPrivilege",
    change: "the deployer made Owner",
    snapshot: "small",
    apply: edit(deployerRole, (r) => {
      properties(r)["roleDefinitionId"] =
        `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${OWNER_ROLE}`;
    }),
  },
  {
    rule: "Creditlink.RBAC.LeastPrivilege",
    change: "the deployer's role assigned on the resource group",
    snapshot: "small",
    apply: edit(deployerRole, (r) => {
      r["id"] =
        `${SUBSCRIPTION}/resourceGroups/rg-bank-a-small/providers/Microsoft.Authorization/roleAssignments/${r["name"]}`;
    }),
  },
  {
    rule: "Creditlink.RBAC.LeastPrivilege",
    change: "a role assignment with a hand-written name",
    snapshot: "small",
    apply: edit(deployerRole, (r) => (r["name"] = "deployer-node-key-officer")),
  },
  {
    rule: "Azure.NSG.AnyInboundSource",
    change: "a peer range, built by a loop, open to any source",
    snapshot: "large",
    apply: edit(named("Microsoft.Network/networkSecurityGroups", "nsg-validators-"), (r) => {
      const peer = (properties(r)["securityRules"] as Json[]).find((rule) => rule["name"] === "allow-p2p-member-0");
      properties(peer ?? {})["sourceAddressPrefix"] = "0.0.0.0/0";
    }),
  },
  {
    rule: "Azure.VNET.UseNSGs",
    change: "the functions subnet without an NSG",
    snapshot: "small",
    apply: edit(named("Microsoft.Network/virtualNetworks", "vnet-"), (r) => {
      const subnet = (properties(r)["subnets"] as Json[]).find((s) => s["name"] === "snet-functions");
      delete properties(subnet ?? {})["networkSecurityGroup"];
    }),
  },
];

function snapshotJson(name: string): { predictedResources: Json[]; outputs: Json } {
  return JSON.parse(readInfraFile(`snapshots/${name}.snapshot.json`));
}

/** Rules with nothing to check in a snapshot, and why. */
const SOURCE_ONLY_RULES: Readonly<Record<string, string>> = {
  "Azure.Deployment.SecureParameter": "a snapshot holds parameter values, not their declarations",
};

describe("checkBaseline on deployment snapshots", () => {
  const snapshots = loadSnapshots();

  it("has the small and the large profile", () => {
    expect(snapshotPaths()).toEqual(["snapshots/large.snapshot.json", "snapshots/small.snapshot.json"]);
  });

  it("finds no violation in what Resource Manager receives", () => {
    expect(checkBaseline(snapshots).findings).toEqual([]);
  });

  it.each(
    BASELINE_RULES.filter((rule) => !(rule.id in SOURCE_ONLY_RULES)).flatMap((rule) =>
      snapshots.map((file) => [rule.id, file.path] as const),
    ),
  )("applies %s to at least one resource of %s", (id, path) => {
    const file = snapshots.find((f) => f.path === path);
    expect(checkBaseline(file ? [file] : []).subjectsPerRule[id]).toBeGreaterThan(0);
  });

  it.each(SNAPSHOT_VIOLATIONS.map((v) => [v.rule, v.change, v] as const))(
    "%s catches a snapshot with %s",
    (rule, _change, { snapshot, apply }) => {
      const json = snapshotJson(snapshot);
      const predictedResources = apply(json.predictedResources);
      expect(predictedResources, "the change no longer matches the snapshot").not.toEqual(json.predictedResources);
      const changed = readSnapshot(snapshot, { ...json, predictedResources });
      expect(checkBaseline([changed]).findings.map((f) => f.rule)).toContain(rule);
    },
  );

  it("catches a key read into an output", () => {
    const json = snapshotJson("small");
    const outputs = { ...json.outputs, STORAGE_KEY: "[listKeys('st', '2026-09-01').keys[0].value]" };
    const findings = checkBaseline([readSnapshot("small", { ...json, outputs })]).findings;
    expect(findings.map((f) => f.rule)).toContain("Azure.Deployment.OutputSecretValue");
  });
});
