// Reads a `bicep snapshot` file (every resource one deployment of main.bicep creates, modules expanded and
// conditions and loops resolved, as Resource Manager would receive it) into the same rule model as the source.
// A resource's symbol is its resource id; an extension resource's scope is the id of the resource it extends.
import { Expression, type BicepFile, type BicepResource, type BicepValue } from "./bicepModel.js";

/** The parts of a snapshot file the rules read. */
interface Snapshot {
  predictedResources: { [key: string]: unknown }[];
  outputs?: { [key: string]: unknown };
}

/** Converts a snapshot's JSON into the rule model; throws when it is not a snapshot. */
export function readSnapshot(path: string, json: unknown): BicepFile {
  const snapshot = json as Snapshot;
  if (!Array.isArray(snapshot?.predictedResources)) throw new Error(`${path}: no predictedResources`);
  return {
    path,
    view: "snapshot",
    resources: snapshot.predictedResources.map(readResource),
    parameters: [],
    variables: {},
    outputs: toObject(snapshot.outputs ?? {}),
    modules: [],
  };
}

function readResource(resource: { [key: string]: unknown }): BicepResource {
  const { id, type, apiVersion, ...rest } = resource;
  const idText = String(id);
  const scope = extendedResourceId(idText);
  return {
    symbol: idText,
    type: String(type),
    apiVersion: String(apiVersion),
    existing: false,
    body: toObject(scope === undefined ? rest : { ...rest, scope }),
    line: 0,
  };
}

/** The id of the resource an extension resource extends; undefined when its scope is a group or subscription. */
export function extendedResourceId(id: string): string | undefined {
  const extension = /^\[extensionResourceId\('([^']+)'/.exec(id)?.[1];
  if (extension !== undefined) return extension.includes("/providers/") ? extension : undefined;
  const parent = id.slice(0, id.lastIndexOf("/providers/"));
  return parent.includes("/providers/") ? parent : undefined;
}

function toObject(value: { [key: string]: unknown }): { [key: string]: BicepValue } {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toValue(item)]));
}

/** JSON to BicepValue; an ARM expression string ("[...]", not the "[[" escape) becomes an Expression. */
function toValue(value: unknown): BicepValue {
  if (Array.isArray(value)) return value.map(toValue);
  if (typeof value === "string" && value.startsWith("[") && !value.startsWith("[[") && value.endsWith("]")) {
    return new Expression(value.slice(1, -1));
  }
  if (value !== null && typeof value === "object") return toObject(value as { [key: string]: unknown });
  return value as BicepValue;
}
