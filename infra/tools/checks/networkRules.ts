// Baseline rules for the network: subnets behind NSGs, no inbound rule open to any source, and a private
// endpoint for every Key Vault, Service Bus namespace and Storage account the member deploys.
import { resourceRule, type BaselineRule } from "./baselineRule.js";
import { Expression, type BicepFile, type BicepValue } from "./bicepModel.js";
import { isObject, valueAt } from "./bicepValue.js";

const ANY_SOURCE = new Set(["*", "any", "internet", "0.0.0.0/0"]);
const SUBNETS_WITHOUT_NSG = new Set(["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet"]);

/** Which private endpoint sub-resource each data-service module needs, by module file name. */
const REQUIRED_ENDPOINTS: Readonly<Record<string, string>> = {
  "keyVault.bicep": "vault",
  "serviceBus.bicep": "namespace",
  "storage.bicep": "blob",
};

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
    description: "Each Key Vault, Service Bus and Storage module call has a private endpoint in privateEndpoints",
    evaluate(file) {
      const calls = file.modules.filter((m) => Object.keys(REQUIRED_ENDPOINTS).some((f) => m.path.endsWith(f)));
      const endpoints = arrayItems(file.variables["privateEndpoints"], file);
      const findings = calls.flatMap((call) => {
        const groupId = Object.entries(REQUIRED_ENDPOINTS).find(([f]) => call.path.endsWith(f))?.[1];
        const covered = endpoints.some(
          (e) => valueAt(e, "target") === call.symbol && valueAt(e, "groupId") === groupId,
        );
        return covered
          ? []
          : [
              {
                rule: this.id,
                file: file.path,
                line: 0,
                subject: call.symbol,
                message: `no ${groupId} private endpoint`,
              },
            ];
      });
      return { subjects: calls.length, findings };
    },
  },
];
