import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROLES } from "../../lib/http/audited.js";
import { APP_ROLE_VALUES, APP_ROLES_FILE, appRoleProblems } from "../../infra/tools/checks/entraAppRoles.js";
import { INFRA_DIRECTORY } from "../../infra/tools/checks/infraFiles.js";

const committed = () => JSON.parse(readFileSync(join(INFRA_DIRECTORY, APP_ROLES_FILE), "utf8")) as object[];

describe("the API's Entra ID app roles (infra/entra)", () => {
  it("are exactly the roles the app checks per action, and the committed file passes", () => {
    expect([...APP_ROLE_VALUES]).toEqual([...ROLES]);
    expect(appRoleProblems(committed())).toEqual([]);
  });

  it("names a missing role, a reused id and a disabled role", () => {
    const [reader, operator] = committed() as Record<string, unknown>[];
    const broken = [reader, { ...operator, id: reader?.["id"], isEnabled: false }];
    expect(appRoleProblems(broken)).toEqual([
      `${APP_ROLES_FILE}: role values must be reader, operator, admin (found reader, operator)`,
      `${APP_ROLES_FILE} role operator: id ${String(reader?.["id"])} is used twice`,
      `${APP_ROLES_FILE} role operator: isEnabled must be true`,
    ]);
    expect(appRoleProblems({})).toEqual([`${APP_ROLES_FILE}: must be a JSON array of app roles`]);
  });
});
