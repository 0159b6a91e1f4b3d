import { describe, expect, it } from "vitest";
import { parseBicep } from "../../infra/tools/checks/bicepParser.js";
import { bicepPaths, readInfraFile } from "../../infra/tools/checks/infraFiles.js";

describe("parseBicep", () => {
  it.each(bicepPaths())("parses %s without syntax errors", async (path) => {
    expect((await parseBicep(readInfraFile(path))).errors).toEqual([]);
  });

  it("finds every Bicep file of the member footprint", () => {
    expect(bicepPaths()).toEqual(
      expect.arrayContaining(["main.bicep", "modules/validators.bicep", "modules/rbac.bicep"]),
    );
  });

  it("reports the position of a missing closing bracket", async () => {
    const source = "resource x 'Microsoft.X/y@2024-01-01' = {\n  name: 'x'\n  properties: {\n    a: [1, 2\n  }\n}\n";
    expect((await parseBicep(source)).errors).toEqual([{ line: 4, column: 13, message: "missing ]" }]);
  });

  it("reports a declaration left without a value", async () => {
    const { errors } = await parseBicep("param x string =\nvar y = \n");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.line).toBe(2);
  });
});
