// Baseline rules across resources: least-privilege role assignments and no secrets in parameters or outputs.
import type { BaselineFinding, BaselineRule, RuleResult } from "./baselineRule.js";
import { resourceRule } from "./baselineRule.js";
import type { BicepFile, BicepValue } from "./bicepModel.js";
import { sourceText, valueAt } from "./bicepValue.js";

/** Data-plane and monitoring roles this project may assign; anything else (Owner, Contributor, *Data Owner of
 * Service Bus, Key Vault Administrator, User Access Administrator...) fails Creditlink.RBAC.LeastPrivilege. */
export const ALLOWED_ROLE_IDS: Readonly<Record<string, string>> = {
  "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": "Storage Blob Data Owner (Functions host storage only)",
  "ba92f5b4-2d11-453d-a403-e96b0029c9fe": "Storage Blob Data Contributor",
  "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1": "Storage Blob Data Reader",
  "974c5e8b-45b9-4653-ba55-5f855dd0fb88": "Storage Queue Data Contributor",
  "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3": "Storage Table Data Contributor",
  "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0": "Azure Service Bus Data Receiver",
  "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39": "Azure Service Bus Data Sender",
  "12338af0-0e69-4776-bea7-57ae8d297424": "Key Vault Crypto User",
  "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User",
  "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": "Key Vault Secrets Officer (deployer, node-key vault only)",
  "3913510d-42f4-4e42-8a64-420c390055eb": "Monitoring Metrics Publisher",
  "b12aa53e-6015-4669-85d0-8515ebb3ae7f": "Private DNS Zone Contributor (per record set)",
};

const SECRET_NAME = /(password|secret|token|privatekey|nodekey|connectionstring|accountkey|sas)$/i;
// An App Insights connection string only identifies the component; with local auth off it authenticates nothing.
const NOT_SECRET = new Set(["appInsightsConnectionString"]);
const SECRET_OUTPUT = /\blist[A-Za-z]*\(|\.getSecret\(/;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const EVERY_GUID = new RegExp(GUID.source, "gi");
const ONLY_GUID = new RegExp(`^${GUID.source}$`, "i");

/** The role GUID of a roleDefinitionId expression: its last literal GUID (a snapshot's id also holds the
 * subscription's), or `variable.member` naming one. */
function roleDefinitionGuid(text: string, file: BicepFile): string | undefined {
  const literal = text.match(EVERY_GUID)?.at(-1);
  if (literal) return literal.toLowerCase();
  for (const [, variable = "", member = ""] of text.matchAll(/\b(\w+)\.(\w+)\b/g)) {
    const value = valueAt(file.variables[variable], member);
    if (typeof value === "string" && GUID.test(value)) return value.toLowerCase();
  }
  return undefined;
}

/** A role assignment name built by guid(); in a snapshot, guid() over known arguments is already a GUID. */
function isGuidName(name: BicepValue | undefined, file: BicepFile): boolean {
  if (file.view === "snapshot" && typeof name === "string" && ONLY_GUID.test(name)) return true;
  return sourceText(name).startsWith("guid(");
}

function perFile(
  id: string,
  description: string,
  subjects: (file: BicepFile) => { name: string; line: number; problem?: string }[],
): BaselineRule {
  return {
    id,
    description,
    evaluate(file): RuleResult {
      const checked = subjects(file);
      const findings: BaselineFinding[] = checked.flatMap(({ name, line, problem }) =>
        problem ? [{ rule: id, file: file.path, line, subject: name, message: problem }] : [],
      );
      return { subjects: checked.length, findings };
    },
  };
}

/** Role assignment, parameter and output rules. */
export const DEPLOYMENT_RULES: readonly BaselineRule[] = [
  resourceRule(
    "Creditlink.RBAC.LeastPrivilege",
    "Role assignments grant an allowed data-plane role to a typed principal at an explicit resource scope",
    ["microsoft.authorization/roleassignments"],
    (r, file) => {
      const role = roleDefinitionGuid(sourceText(valueAt(r.body, "properties.roleDefinitionId")), file);
      if (valueAt(r.body, "scope") === undefined) return "scope must name the resource the role applies to";
      if (!role || !(role in ALLOWED_ROLE_IDS)) return `role ${role ?? "(unresolved)"} is not in the allowed list`;
      if (!isGuidName(valueAt(r.body, "name"), file)) return "name must be guid(scope, principal, role)";
      return valueAt(r.body, "properties.principalType") === undefined ? "principalType must be set" : undefined;
    },
  ),
  perFile("Azure.Deployment.SecureParameter", "Secret-looking parameters are @secure()", (file) =>
    file.parameters.map((p) => ({
      name: p.name,
      line: 0,
      problem:
        SECRET_NAME.test(p.name) && !NOT_SECRET.has(p.name) && !p.decorators.some((d) => d.startsWith("@secure"))
          ? "a secret-looking parameter must be @secure()"
          : undefined,
    })),
  ),
  perFile("Azure.Deployment.OutputSecretValue", "Outputs never carry keys or secrets", (file) =>
    Object.entries(file.outputs).map(([name, value]) => ({
      name,
      line: 0,
      problem:
        SECRET_OUTPUT.test(sourceText(value)) ||
        file.parameters.some(
          (p) => p.decorators.some((d) => d.startsWith("@secure")) && mentions(sourceText(value), p.name),
        )
          ? "output exposes a secret"
          : undefined,
    })),
  ),
];

/** Whether Bicep source text uses the identifier `name` (as a whole word: `subjectKey` is not `subjectKeySecret`). */
function mentions(source: string, name: string): boolean {
  return new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(source);
}
