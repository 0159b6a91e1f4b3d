// Baseline rules for Key Vault, Storage and Service Bus: Entra-only auth, no public network path, TLS 1.2,
// recoverability, and the HSM-backed secp256k1 signing key.
import { resourceRule, type BaselineRule } from "./baselineRule.js";
import type { BicepFile, BicepResource } from "./bicepModel.js";
import { isObject, sourceText, valueAt } from "./bicepValue.js";

const VAULT = ["microsoft.keyvault/vaults"];
const STORAGE = ["microsoft.storage/storageaccounts"];
const SERVICE_BUS = ["microsoft.servicebus/namespaces"];

const expect = (resource: BicepResource, path: string, wanted: unknown): string | undefined =>
  valueAt(resource.body, path) === wanted ? undefined : `${path} must be ${JSON.stringify(wanted)}`;

const hasDiagnostics = (resource: BicepResource, file: BicepFile): string | undefined =>
  file.resources.some(
    (r) =>
      r.type.toLowerCase() === "microsoft.insights/diagnosticsettings" &&
      sourceText(valueAt(r.body, "scope")) === resource.symbol &&
      valueAt(r.body, "properties.workspaceId") !== undefined,
  )
    ? undefined
    : "no diagnostic setting to Log Analytics is scoped to this resource";

/** Key Vault, Storage and Service Bus rules. */
export const DATA_SERVICE_RULES: readonly BaselineRule[] = [
  resourceRule("Azure.KeyVault.PurgeProtect", "Key Vault purge protection is on", VAULT, (r) =>
    expect(r, "properties.enablePurgeProtection", true),
  ),
  resourceRule("Azure.KeyVault.SoftDelete", "Key Vault soft delete is on for 90 days", VAULT, (r) =>
    valueAt(r.body, "properties.enableSoftDelete") === false
      ? "properties.enableSoftDelete must not be false"
      : expect(r, "properties.softDeleteRetentionInDays", 90),
  ),
  resourceRule("Azure.KeyVault.RBAC", "Key Vault uses Azure RBAC, no access policies", VAULT, (r) =>
    valueAt(r.body, "properties.accessPolicies") !== undefined
      ? "properties.accessPolicies must not be set"
      : expect(r, "properties.enableRbacAuthorization", true),
  ),
  resourceRule(
    "Azure.KeyVault.Firewall",
    "Key Vault denies public network access",
    VAULT,
    (r) =>
      expect(r, "properties.publicNetworkAccess", "Disabled") ??
      expect(r, "properties.networkAcls.defaultAction", "Deny"),
  ),
  resourceRule("Azure.KeyVault.Logs", "Key Vault audit logs reach Log Analytics", VAULT, hasDiagnostics),
  resourceRule("Creditlink.KeyVault.PremiumSku", "Key Vault is Premium (HSM-backed keys)", VAULT, (r) =>
    expect(r, "properties.sku.name", "premium"),
  ),
  resourceRule(
    "Creditlink.KeyVault.SigningKeyHsm",
    "Keys are EC-HSM P-256K, sign/verify only, not exportable, never rotated",
    ["microsoft.keyvault/vaults/keys"],
    (r) => {
      const ops = valueAt(r.body, "properties.keyOps");
      if (!Array.isArray(ops) || ops.some((op) => op !== "sign" && op !== "verify")) {
        return "properties.keyOps must list only sign and verify";
      }
      if (valueAt(r.body, "properties.rotationPolicy") !== undefined) return "a rotation policy changes the address";
      if (valueAt(r.body, "properties.attributes.exportable") === true) return "the key must not be exportable";
      return expect(r, "properties.kty", "EC-HSM") ?? expect(r, "properties.curveName", "P-256K");
    },
  ),
  resourceRule("Azure.Storage.SecureTransfer", "Storage accepts HTTPS only", STORAGE, (r) =>
    expect(r, "properties.supportsHttpsTrafficOnly", true),
  ),
  resourceRule("Azure.Storage.BlobPublicAccess", "Storage forbids anonymous blob access", STORAGE, (r) =>
    expect(r, "properties.allowBlobPublicAccess", false),
  ),
  resourceRule("Azure.Storage.MinTLS", "Storage requires TLS 1.2", STORAGE, (r) =>
    expect(r, "properties.minimumTlsVersion", "TLS1_2"),
  ),
  resourceRule("Azure.Storage.LocalAuth", "Storage shared keys are off", STORAGE, (r) =>
    expect(r, "properties.allowSharedKeyAccess", false),
  ),
  resourceRule(
    "Azure.Storage.Firewall",
    "Storage denies public network access",
    STORAGE,
    (r) =>
      expect(r, "properties.publicNetworkAccess", "Disabled") ??
      expect(r, "properties.networkAcls.defaultAction", "Deny"),
  ),
  resourceRule(
    "Azure.Storage.SoftDelete",
    "Blob soft delete is on",
    ["microsoft.storage/storageaccounts/blobservices"],
    (r) => expect(r, "properties.deleteRetentionPolicy.enabled", true),
  ),
  resourceRule("Azure.ServiceBus.DisableLocalAuth", "Service Bus SAS auth is off, no SAS rules", SERVICE_BUS, (r, f) =>
    f.resources.some((x) => x.type.toLowerCase().endsWith("/authorizationrules"))
      ? "SAS authorization rules must not be declared"
      : expect(r, "properties.disableLocalAuth", true),
  ),
  resourceRule("Azure.ServiceBus.MinTLS", "Service Bus requires TLS 1.2", SERVICE_BUS, (r) =>
    expect(r, "properties.minimumTlsVersion", "1.2"),
  ),
  resourceRule(
    "Creditlink.ServiceBus.PremiumPrivate",
    "Service Bus is Premium with public access off",
    SERVICE_BUS,
    (r) => expect(r, "sku.name", "Premium") ?? expect(r, "properties.publicNetworkAccess", "Disabled"),
  ),
  resourceRule(
    "Creditlink.ServiceBus.QueueSafety",
    "Queues detect duplicates, dead-letter expired messages and bound deliveries",
    ["microsoft.servicebus/namespaces/queues"],
    (r) => {
      const deliveries = valueAt(r.body, "properties.maxDeliveryCount");
      if (!isObject(valueAt(r.body, "properties"))) return "queue properties must be a literal object";
      if (typeof deliveries !== "number" || deliveries < 1 || deliveries > 20) return "maxDeliveryCount must be 1-20";
      return (
        expect(r, "properties.requiresDuplicateDetection", true) ??
        expect(r, "properties.deadLetteringOnMessageExpiration", true)
      );
    },
  ),
];
