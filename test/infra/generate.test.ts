import { describe, expect, it } from "vitest";
import { Expression, readBicepFile } from "../../infra/tools/checks/bicepModel.js";
import { readInfraFile } from "../../infra/tools/checks/infraFiles.js";
import { expectedArtefacts } from "../../infra/tools/consortium/generate.js";

describe("expectedArtefacts", () => {
  it("matches the committed genesis.json and static-nodes.json", () => {
    const artefacts = expectedArtefacts(readInfraFile("consortium/validators.json"));
    expect(readInfraFile("consortium/genesis.json")).toBe(artefacts["genesis.json"]);
    expect(readInfraFile("consortium/static-nodes.json")).toBe(artefacts["static-nodes.json"]);
  });

  it("gives the committed chain id to main.bicep through genesis.json", () => {
    const { chainId } = JSON.parse(readInfraFile("consortium/validators.json")) as { chainId: number };
    expect(JSON.parse(readInfraFile("consortium/genesis.json")).config.chainId).toBe(chainId);
    expect(readInfraFile("main.bicep")).toContain("chainId: genesis.config.chainId");
  });

  it("names each member's validator zone with the consortium's DNS suffix", async () => {
    const { dnsSuffix } = JSON.parse(readInfraFile("consortium/validators.json")) as { dnsSuffix: string };
    const main = await readBicepFile("main.bicep", readInfraFile("main.bicep"));
    expect(main.variables["validatorDnsZoneName"]).toEqual(new Expression(`'\${memberName}.${dnsSuffix}'`));
  });
});
