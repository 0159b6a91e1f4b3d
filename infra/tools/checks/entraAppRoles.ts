// Checks infra/entra/api-app-roles.json, the app roles register-api.sh gives the API's Entra ID app registration:
// exactly the roles the app checks per action, each enabled, open to users and applications, with a unique id.
import { readInfraFile } from "./infraFiles.js";

/** The path of the app roles under infra/. */
export const APP_ROLES_FILE = "entra/api-app-roles.json";

/** The role values the app checks, lowest first (lib/http/audited.ts ROLES; a test keeps the two equal). */
export const APP_ROLE_VALUES = ["reader", "operator", "admin"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Problems of an app roles document, each naming the role and field. */
export function appRoleProblems(document: unknown): string[] {
  if (!Array.isArray(document)) return [`${APP_ROLES_FILE}: must be a JSON array of app roles`];
  const roles = document as Record<string, unknown>[];
  const values = roles.map((role) => role["value"]);
  const problems: string[] = [];
  if (JSON.stringify(values) !== JSON.stringify(APP_ROLE_VALUES))
    problems.push(`${APP_ROLES_FILE}: role values must be ${APP_ROLE_VALUES.join(", ")} (found ${values.join(", ")})`);
  const ids = new Set<unknown>();
  for (const role of roles) {
    const at = `${APP_ROLES_FILE} role ${String(role["value"])}`;
    if (typeof role["id"] !== "string" || !UUID.test(role["id"])) problems.push(`${at}: id must be a lowercase GUID`);
    if (ids.has(role["id"])) problems.push(`${at}: id ${String(role["id"])} is used twice`);
    ids.add(role["id"]);
    if (role["isEnabled"] !== true) problems.push(`${at}: isEnabled must be true`);
    const members = role["allowedMemberTypes"];
    if (!Array.isArray(members) || !members.includes("User") || !members.includes("Application"))
      problems.push(`${at}: allowedMemberTypes must hold User and Application`);
    if (typeof role["displayName"] !== "string" || typeof role["description"] !== "string")
      problems.push(`${at}: displayName and description must be strings`);
  }
  return problems;
}

/** Problems of the committed app roles file. */
export function committedAppRoleProblems(): string[] {
  try {
    return appRoleProblems(JSON.parse(readInfraFile(APP_ROLES_FILE)));
  } catch (error) {
    return [`${APP_ROLES_FILE}: ${(error as Error).message}`];
  }
}
