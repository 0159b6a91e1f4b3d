// Baseline rules for the Function App, Application Insights, the validator scale set and its load balancer.
import { resourceRule, type BaselineRule } from "./baselineRule.js";
import type { BicepResource } from "./bicepModel.js";
import { Expression } from "./bicepModel.js";
import { allObjects, isObject, valueAt } from "./bicepValue.js";

const SITES = ["microsoft.web/sites"];
const SCALE_SETS = ["microsoft.compute/virtualmachinescalesets"];
const LOAD_BALANCERS = ["microsoft.network/loadbalancers"];
const SECRET_SETTING = /(password|secret|accountkey|sharedaccess|sas|token|connectionstring|apikey)/i;
const SECRET_VALUE = /(AccountKey=|SharedAccessKey|SharedAccessSignature|listKeys\(|listSecrets\(|\.getSecret\()/i;
const CONNECTION_STRINGS_WITHOUT_SECRETS = ["APPLICATIONINSIGHTS_CONNECTION_STRING"];

const expect = (resource: BicepResource, path: string, wanted: unknown): string | undefined =>
  valueAt(resource.body, path) === wanted ? undefined : `${path} must be ${JSON.stringify(wanted)}`;

function settingsProblem(settings: { [key: string]: unknown }): string | undefined {
  for (const [name, value] of Object.entries(settings)) {
    const text = value instanceof Expression ? value.text : String(value);
    if (SECRET_VALUE.test(text)) return `${name} carries a key or secret`;
    if (SECRET_SETTING.test(name) && !CONNECTION_STRINGS_WITHOUT_SECRETS.includes(name)) {
      return `${name} looks like a secret; use an identity-based setting or a Key Vault reference`;
    }
    if (name.endsWith("__credential") && value !== "managedidentity") return `${name} must be managedidentity`;
  }
  return undefined;
}

/** The paths App Service Authentication may leave to the app: the liveness probe and the console page. */
const SKIPS_AUTHENTICATION = ["/api/health", "/api/console"];

/** What is wrong with the file's authsettingsV2 (App Service Authentication), or undefined. */
function authenticationProblem(resources: readonly BicepResource[]): string | undefined {
  const auth = resources.find(
    (r) =>
      r.type.toLowerCase() === "microsoft.web/sites/config" &&
      textOf(valueAt(r.body, "name")).endsWith("authsettingsV2"),
  );
  if (!auth) return "no authsettingsV2: App Service Authentication must front the API";
  const excluded = valueAt(auth.body, "properties.globalValidation.excludedPaths");
  // The console page holds no data, keeps its function key and sends a browser without a session to sign in.
  const extra = (Array.isArray(excluded) ? excluded : []).filter(
    (path) => !SKIPS_AUTHENTICATION.includes(textOf(path)),
  );
  return (
    expect(auth, "properties.globalValidation.requireAuthentication", true) ??
    expect(auth, "properties.globalValidation.unauthenticatedClientAction", "Return401") ??
    expect(auth, "properties.identityProviders.azureActiveDirectory.enabled", true) ??
    (extra.length > 0
      ? `only ${SKIPS_AUTHENTICATION.join(" and ")} may skip authentication, not ${extra.map(textOf).join(", ")}`
      : undefined)
  );
}

function textOf(value: unknown): string {
  return value instanceof Expression ? value.text : String(value);
}

/** Function App, Application Insights, validator scale set and load balancer rules. */
export const COMPUTE_RULES: readonly BaselineRule[] = [
  resourceRule("Azure.AppService.MinTLS", "Function App requires TLS 1.2", SITES, (r) =>
    expect(r, "properties.siteConfig.minTlsVersion", "1.2"),
  ),
  resourceRule("Azure.AppService.UseHTTPS", "Function App redirects to HTTPS", SITES, (r) =>
    expect(r, "properties.httpsOnly", true),
  ),
  resourceRule("Azure.AppService.RemoteDebug", "Remote debugging is off", SITES, (r) =>
    expect(r, "properties.siteConfig.remoteDebuggingEnabled", false),
  ),
  resourceRule("Azure.AppService.ManagedIdentity", "Function App runs as a user-assigned identity", SITES, (r) =>
    expect(r, "identity.type", "UserAssigned"),
  ),
  resourceRule(
    "Creditlink.AppService.NoSecretsInSettings",
    "App settings hold names and endpoints, never keys; connections use managed identity",
    ["microsoft.web/sites", "microsoft.web/sites/config"],
    (r) => {
      if (r.type.toLowerCase() === "microsoft.web/sites") {
        const list = valueAt(r.body, "properties.siteConfig.appSettings");
        const pairs = Array.isArray(list) ? list.filter(isObject) : [];
        return settingsProblem(Object.fromEntries(pairs.map((p) => [String(p["name"]), p["value"]])));
      }
      const properties = valueAt(r.body, "properties");
      return isObject(properties) ? settingsProblem(properties) : "app settings must be a literal object";
    },
  ),
  resourceRule(
    "Creditlink.AppService.NoBasicPublishing",
    "FTP and SCM basic-auth publishing credentials are off",
    ["microsoft.web/sites/basicpublishingcredentialspolicies"],
    (r) => expect(r, "properties.allow", false),
  ),
  resourceRule(
    "Creditlink.AppService.ClientAllowlist",
    "Only allowlisted client networks reach the Function App and its SCM site",
    SITES,
    (r) =>
      expect(r, "properties.siteConfig.ipSecurityRestrictionsDefaultAction", "Deny") ??
      expect(r, "properties.siteConfig.scmIpSecurityRestrictionsDefaultAction", "Deny"),
  ),
  resourceRule(
    "Creditlink.AppService.EntraAuthentication",
    "App Service Authentication (Entra ID) fronts every route but the anonymous liveness probe",
    SITES,
    (_site, file) => authenticationProblem(file.resources),
  ),
  resourceRule(
    "Azure.AppInsights.LocalAuth",
    "App Insights accepts Entra-authenticated telemetry only",
    ["microsoft.insights/components"],
    (r) => expect(r, "properties.DisableLocalAuth", true),
  ),
  resourceRule(
    "Azure.AppInsights.Workspace",
    "App Insights is workspace-based",
    ["microsoft.insights/components"],
    (r) =>
      valueAt(r.body, "properties.WorkspaceResourceId") === undefined
        ? "properties.WorkspaceResourceId is missing"
        : undefined,
  ),
  resourceRule("Azure.VMSS.PublicKey", "Validators allow SSH keys only", SCALE_SETS, (r) =>
    expect(r, "properties.virtualMachineProfile.osProfile.linuxConfiguration.disablePasswordAuthentication", true),
  ),
  resourceRule(
    "Creditlink.Validators.ScaleSet",
    "Validators: Flexible orchestration, Trusted Launch, no public IPs, no autoscale",
    SCALE_SETS,
    (r, file) => {
      const security = valueAt(r.body, "properties.virtualMachineProfile.securityProfile");
      if (valueAt(security, "securityType") !== "TrustedLaunch") return "securityType must be TrustedLaunch";
      if (
        valueAt(security, "uefiSettings.secureBootEnabled") !== true ||
        valueAt(security, "uefiSettings.vTpmEnabled") !== true
      ) {
        return "secure boot and vTPM must be on";
      }
      if (allObjects(r.body).some((o) => "publicIPAddressConfiguration" in o))
        return "validators must not get public IPs";
      if (file.resources.some((x) => x.type.toLowerCase() === "microsoft.insights/autoscalesettings")) {
        return "validator identities are stateful: no autoscale";
      }
      if (valueAt(r.body, "properties.virtualMachineProfile.osProfile.adminPassword") !== undefined) {
        return "no admin password";
      }
      return expect(r, "properties.orchestrationMode", "Flexible");
    },
  ),
  resourceRule("Azure.LB.StandardSKU", "Load balancer is Standard SKU", LOAD_BALANCERS, (r) =>
    expect(r, "sku.name", "Standard"),
  ),
  resourceRule("Azure.LB.Probe", "Load balancer probes are HTTP(S) with a request path", LOAD_BALANCERS, (r) => {
    const probes = valueAt(r.body, "properties.probes");
    if (!Array.isArray(probes) || probes.length === 0) return "no health probe";
    const bad = probes.find(
      (p) =>
        !["Http", "Https"].includes(String(valueAt(p, "properties.protocol"))) || !valueAt(p, "properties.requestPath"),
    );
    return bad === undefined ? undefined : "every probe must be HTTP(S) with a requestPath";
  }),
  resourceRule(
    "Creditlink.LB.InternalRpcOnly",
    "Load balancer is internal, balances JSON-RPC 8545 behind /readiness and never p2p 30303",
    LOAD_BALANCERS,
    (r) => {
      if (allObjects(valueAt(r.body, "properties.frontendIPConfigurations")).some((o) => "publicIPAddress" in o)) {
        return "frontends must be private";
      }
      const rules = valueAt(r.body, "properties.loadBalancingRules");
      const ports = Array.isArray(rules) ? rules.map((x) => valueAt(x, "properties.backendPort")) : [];
      if (ports.some((port) => port !== 8545)) return "only port 8545 may be load-balanced";
      const probes = valueAt(r.body, "properties.probes");
      const paths = Array.isArray(probes) ? probes.map((p) => valueAt(p, "properties.requestPath")) : [];
      return paths.includes("/readiness") ? undefined : "the RPC probe must ask Besu's /readiness";
    },
  ),
];
