// The validator cloud-config as a deployment renders it: the template from infra/validators with the files
// validators.bicep embeds (base64) and representative values for the deployment-time settings.
import { Expression, type BicepFile } from "./bicepModel.js";
import { isObject } from "./bicepValue.js";
import { renderCloudInit } from "./cloudInit.js";
import { readInfraFile } from "./infraFiles.js";

/** Path of the template below infra/. */
export const CLOUD_INIT_TEMPLATE = "validators/cloud-init.yaml";

/** Representative deployment-time values (none of them secret: the template never carries secrets). */
const SAMPLE_SETTINGS: Readonly<Record<string, string>> = {
  CLIENT_ID: "00000000-0000-0000-0000-000000000000",
  MEMBER_NAME: "bank-a",
  VALIDATOR_COUNT: "15",
  LEASE_CONTAINER_URL: "https://stvalexample.blob.core.windows.net/validator-leases",
  NODE_KEY_VAULT_URL: "https://kvn-example.vault.azure.net/",
  DNS_ZONE_ID:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Network/privateDnsZones/bank-a.poa.internal",
  ARM_ENDPOINT: "https://management.azure.com/",
  RPC_LOAD_BALANCER_IP: "10.1.0.10",
  BESU_PACKAGE_URL: "https://stvalexample.blob.core.windows.net/besu-packages/besu-25.10.0.tar.gz",
  BESU_PACKAGE_SHA256: "0".repeat(64),
};

/** The placeholder → value map of validators.bicep's cloudInitValues variable, as source text per key. */
export function bicepCloudInitKeys(validators: BicepFile): string[] {
  const values = validators.variables["cloudInitValues"];
  if (!isObject(values)) throw new Error("validators.bicep has no cloudInitValues object");
  return Object.keys(values).sort();
}

/** Renders the template the way validators.bicep does, reading each loadFileAsBase64() file from infra/. */
export function renderValidatorCloudInit(validators: BicepFile): string {
  const values = validators.variables["cloudInitValues"];
  if (!isObject(values)) throw new Error("validators.bicep has no cloudInitValues object");
  const rendered: Record<string, string> = { ...SAMPLE_SETTINGS };
  for (const [key, value] of Object.entries(values)) {
    const file = value instanceof Expression ? /^loadFileAsBase64\('\.\.\/(.+)'\)$/.exec(value.text)?.[1] : undefined;
    if (file) rendered[key] = Buffer.from(readInfraFile(file)).toString("base64");
  }
  return renderCloudInit(readInfraFile(CLOUD_INIT_TEMPLATE), rendered);
}
