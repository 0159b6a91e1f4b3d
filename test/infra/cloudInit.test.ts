import { beforeAll, describe, expect, it } from "vitest";
import { readBicepFile, type BicepFile } from "../../infra/tools/checks/bicepModel.js";
import {
  CUSTOM_DATA_LIMIT_IN_BYTES,
  cloudInitPlaceholders,
  renderCloudInit,
  validateCloudConfig,
} from "../../infra/tools/checks/cloudInit.js";
import { readInfraFile } from "../../infra/tools/checks/infraFiles.js";
import {
  CLOUD_INIT_TEMPLATE,
  bicepCloudInitKeys,
  renderValidatorCloudInit,
} from "../../infra/tools/checks/validatorCloudInit.js";
import { requireTool } from "./externalTool.js";

const hasCloudInit = requireTool("cloud-init", "cloud-init");

describe("cloudInitPlaceholders", () => {
  it("lists each placeholder once, sorted", () => {
    expect(cloudInitPlaceholders("a: __B__\nb: __A__ __B__\nc: __lower__")).toEqual(["A", "B"]);
  });
});

describe("renderCloudInit", () => {
  it("replaces every placeholder", () => {
    expect(renderCloudInit("x: __A__-__B__", { A: "1", B: "2" })).toBe("x: 1-2");
  });

  it("refuses to render with a placeholder left unfilled", () => {
    expect(() => renderCloudInit("x: __A__ __C__", { A: "1" })).toThrow("no value for placeholders C");
  });
});

describe("renderValidatorCloudInit", () => {
  let validators: BicepFile;
  beforeAll(async () => {
    validators = await readBicepFile("modules/validators.bicep", readInfraFile("modules/validators.bicep"));
  });

  it("uses exactly the placeholders validators.bicep fills", () => {
    expect(cloudInitPlaceholders(readInfraFile(CLOUD_INIT_TEMPLATE))).toEqual(bicepCloudInitKeys(validators));
  });

  it("embeds the committed genesis and fits VM custom data", () => {
    const rendered = renderValidatorCloudInit(validators);
    const genesis = Buffer.from(readInfraFile("consortium/genesis.json")).toString("base64");
    expect(rendered).toContain(`content: ${genesis}\n`);
    expect(Buffer.byteLength(rendered)).toBeLessThanOrEqual(CUSTOM_DATA_LIMIT_IN_BYTES);
  });

  it("never writes a node key or a token into the cloud-config", () => {
    expect(renderValidatorCloudInit(validators)).not.toMatch(/node-private-key-file|Bearer|PRIVATE KEY/);
  });
});

describe.skipIf(!hasCloudInit)("validateCloudConfig", () => {
  it("accepts the rendered validator cloud-config", async () => {
    const validators = await readBicepFile("modules/validators.bicep", readInfraFile("modules/validators.bicep"));
    expect(await validateCloudConfig(renderValidatorCloudInit(validators))).toEqual({ valid: true });
  });

  it("rejects a cloud-config whose modules have the wrong shape", async () => {
    const result = await validateCloudConfig("#cloud-config\nwrite_files: oops\nruncmd: 5\n");
    expect(result.valid).toBe(false);
    expect(result.valid ? "" : result.output).toContain("write_files: 'oops' is not of type 'array'");
  });
});
