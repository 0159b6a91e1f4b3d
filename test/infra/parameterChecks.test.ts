import { beforeAll, describe, expect, it } from "vitest";
import { readBicepFile, type BicepFile } from "../../infra/tools/checks/bicepModel.js";
import { loadBicepFiles, readInfraFile } from "../../infra/tools/checks/infraFiles.js";
import { checkModuleCalls, checkParameterFile } from "../../infra/tools/checks/parameterChecks.js";

const realParameters = (): { parameters: Record<string, { value: unknown }> } =>
  JSON.parse(readInfraFile("main.parameters.json"));

describe("checkParameterFile", () => {
  let main: BicepFile;
  beforeAll(async () => {
    main = await readBicepFile("main.bicep", readInfraFile("main.bicep"));
  });

  it("accepts the real main.parameters.json", () => {
    expect(checkParameterFile(main, realParameters())).toEqual([]);
  });

  it("reports a required parameter missing from the file", () => {
    const file = realParameters();
    delete file.parameters["memberName"];
    expect(checkParameterFile(main, file)).toEqual([
      "required parameter memberName is missing from the parameters file",
    ]);
  });

  it("reports a parameter main.bicep does not declare", () => {
    const file = realParameters();
    file.parameters["validatorCout"] = { value: 3 };
    expect(checkParameterFile(main, file)).toEqual(["validatorCout is not a parameter of main.bicep"]);
  });

  it("reports a literal of the wrong type and a malformed substitution", () => {
    const file = realParameters();
    file.parameters["validatorCount"] = { value: "seven" };
    file.parameters["memberId"] = { value: "${CONSORTIUM MEMBER}" };
    expect(checkParameterFile(main, file)).toEqual([
      "memberId: malformed azd substitution ${CONSORTIUM MEMBER}",
      "validatorCount: literal does not match type int",
    ]);
  });

  it("reports a private key pasted into the file", () => {
    const file = realParameters();
    file.parameters["validatorAdminSshPublicKey"] = { value: "-----BEGIN OPENSSH PRIVATE KEY-----" };
    expect(checkParameterFile(main, file)).toContain("validatorAdminSshPublicKey holds what looks like a private key");
  });
});

describe("checkModuleCalls", () => {
  let files: BicepFile[];
  beforeAll(async () => {
    files = await loadBicepFiles();
  });

  it("accepts every module call of the real templates", () => {
    expect(checkModuleCalls(files)).toEqual([]);
  });

  it("reports an unknown parameter and a missing required one", async () => {
    const source = readInfraFile("main.bicep").replace(
      "    workspaceName: 'log-${token}'\n",
      "    workspaceNam: 'log'\n",
    );
    const main = await readBicepFile("main.bicep", source);
    const problems = checkModuleCalls([main, ...files.filter((f) => f.path !== "main.bicep")]);
    expect(problems).toEqual([
      "main.bicep: monitoring passes unknown workspaceNam",
      "main.bicep: monitoring does not pass required workspaceName",
    ]);
  });

  it("reports a module path that does not exist", async () => {
    const source = readInfraFile("main.bicep").replace("'modules/identity.bicep'", "'modules/identities.bicep'");
    const main = await readBicepFile("main.bicep", source);
    expect(checkModuleCalls([main, ...files.filter((f) => f.path !== "main.bicep")])).toEqual([
      "main.bicep: module identities points at missing modules/identities.bicep",
    ]);
  });
});
