// Baseline rules for the network: subnets behind NSGs, no inbound rule open to any source, and a private
// endpoint for every Key Vault, Service Bus namespace and Storage account the member deploys.
import { resourceRule, type BaselineRule } from "./baselineRule.js";
import { Expression, type BicepFile, type BicepValue } from "./bicepModel.js";
import { isObject, valueAt } from "./bicepValue.js";

const ANY_SOURCE = new Set(["*", "any", "internet", "0.0.0.0/0"]);
const SUBNETS_WITHOUT_NSG = new Set(["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet"]);

/** The private endpoint sub-resource each data service needs, found by module file in the source and by
 * resource type in a snapshot. */
const REQUIRED_ENDPOINTS = [
  { module: "keyVault.bicep", type: "microsoft.keyvault/vaults", groupId: "vault" },
  { module: "serviceBus.bicep", type: "microsoft.servicebus/namespaces", groupId: "namespace" },
  { module: "storage.bicep", type: "microsoft.storage/storageaccounts", groupId: "blob" },
] as const;

/** One data service that needs a private endpoint, and whether it has one. */
interface EndpointNeed {
  subject: string;
  groupId: string;
  covered: boolean;
}

/** The items of an array literal, or of concat() over array variables; loop-built items are skipped. */
function arrayItems(value: BicepValue | undefined, file: BicepFile): BicepValue[] {
  if (Array.isArray(value)) return value;
  const concat = value instanceof Expression ? /^concat\((.*)\)$/s.exec(value.text)?.[1] : undefined;
  if (!concat) return [];
  return concat.split(",").flatMap((name) => {
    const items = file.variables[name.trim()];
    return Array.isArray(items) ? items : [];
  });
}

/** Source view: each data-service module call needs an entry in main.bicep's privateEndpoints variable. */
function moduleEndpointNeeds(file: BicepFile): EndpointNeed[] {
  const endpoints = arrayItems(file.variables["privateEndpoints"], file);
  return file.modules.flatMap((call) => {
    const groupId = REQUIRED_ENDPOINTS.find((r) => call.path.endsWith(r.module))?.groupId;
    if (!groupId) return [];
    const covered = endpoints.some((e) => valueAt(e, "target") === call.symbol && valueAt(e, "groupId") === groupId);
    return [{ subject: call.symbol, groupId, covered }];
  });
}

/** Snapshot view: each data-service resource needs a private endpoint connection to its id for the group. */
function resourceEndpointNeeds(file: BicepFile): EndpointNeed[] {
  const connections = file.resources
    .filter((r) => r.type.toLowerCase() === "microsoft.network/privateendpoints")
    .flatMap((r) => arrayItems(valueAt(r.body, "properties.privateLinkServiceConnections"), file));
  return file.resources.flatMap((resource) => {
    const groupId = REQUIRED_ENDPOINTS.find((r) => r.type === resource.type.toLowerCase())?.groupId;
    if (!groupId) return [];
    const covered = connections.some(
      (c) =>
        String(valueAt(c, "properties.privateLinkServiceId")).toLowerCase() === resource.symbol.toLowerCase() &&
        arrayItems(valueAt(c, "properties.groupIds"), file).includes(groupId),
    );
    return [{ subject: resource.symbol, groupId, covered }];
  });
}

/** Network rules. */
export const NETWORK_RULES: readonly BaselineRule[] = [
  resourceRule(
    "Azure.VNET.UseNSGs",
    "Every subnet has a network security group",
    ["microsoft.network/virtualnetworks"],
    (r) => {
      const subnets = valueAt(r.body, "properties.subnets");
      const bare = (Array.isArray(subnets) ? subnets : []).filter(
        (s) =>
          !SUBNETS_WITHOUT_NSG.has(String(valueAt(s, "name"))) &&
          valueAt(s, "properties.networkSecurityGroup") === undefined,
      );
      return bare.length === 0 ? undefined : `subnet ${String(valueAt(bare[0], "name"))} has no NSG`;
    },
  ),
  resourceRule(
    "Azure.NSG.AnyInboundSource",
    "No NSG rule allows inbound traffic from any source",
    ["microsoft.network/networksecuritygroups"],
    (r, file) => {
      const open = arrayItems(valueAt(r.body, "properties.securityRules"), file).find(
        (rule) =>
          isObject(rule) &&
          valueAt(rule, "properties.access") === "Allow" &&
          valueAt(rule, "properties.direction") === "Inbound" &&
          ANY_SOURCE.has(String(valueAt(rule, "properties.sourceAddressPrefix")).toLowerCase()),
      );
      return open === undefined ? undefined : `rule ${String(valueAt(open, "name"))} allows any inbound source`;
    },
  ),
  {
    id: "Creditlink.PrivateEndpoint.Coverage",
    description: "Each Key Vault, Service Bus namespace and Storage account has a private endpoint",
    evaluate(file) {
      const needs = file.view === "source" ? moduleEndpointNeeds(file) : resourceEndpointNeeds(file);
      const findings = needs
        .filter((need) => !need.covered)
        .map((need) => ({
          rule: this.id,
          file: file.path,
          line: 0,
          subject: need.subject,
          message: `no ${need.groupId} private endpoint`,
        }));
      return { subjects: needs.length, findings };
    },
  },
];
