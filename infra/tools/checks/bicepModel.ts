// A plain-data view of a parsed Bicep file for rule checks: resources (type, API version, body), parameters,
// variables, outputs and module calls. Literals become JS values; anything computed stays an Expression with
// its source text, so a rule can tell "false" from "some expression that may be false".
import type { Node } from "web-tree-sitter";
import { parseBicep } from "./bicepParser.js";

/** Source text of a value only known at deployment time. */
export class Expression {
  constructor(readonly text: string) {}
}

/** A Bicep value as far as it is known without evaluating the template. */
export type BicepValue = string | number | boolean | null | Expression | BicepValue[] | { [key: string]: BicepValue };

/** One `resource` declaration. */
export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  body: { [key: string]: BicepValue };
  line: number;
}

/** One `param` declaration. */
export interface BicepParameter {
  name: string;
  type: string;
  decorators: string[];
  defaultValue?: BicepValue;
}

/** One `module` call. */
export interface BicepModule {
  symbol: string;
  path: string;
  params: { [key: string]: BicepValue };
}

/** What the rules look at: one `.bicep` file as written, or a deployment snapshot (see snapshotModel.ts). */
export type BicepView = "source" | "snapshot";

/** What the rules see of one Bicep file, or of every resource one deployment creates. */
export interface BicepFile {
  path: string;
  view: BicepView;
  resources: BicepResource[];
  parameters: BicepParameter[];
  variables: Record<string, BicepValue>;
  outputs: Record<string, BicepValue>;
  modules: BicepModule[];
}

/** Reads a Bicep source into the rule model; throws if it has syntax errors. */
export async function readBicepFile(path: string, source: string): Promise<BicepFile> {
  const { tree, errors } = await parseBicep(source);
  if (errors.length > 0) throw new Error(`${path}: syntax error at ${errors[0]?.line}:${errors[0]?.column}`);
  const declarations = tree.rootNode.namedChildren.filter((node): node is Node => node !== null);
  const variableNodes = new Map<string, Node>();
  for (const node of declarations.filter((n) => n.type === "variable_declaration")) {
    const [name, value] = named(node);
    if (name && value) variableNodes.set(name.text, value);
  }
  const toValue = (node: Node): BicepValue => convert(node, variableNodes, new Set());
  const file: BicepFile = {
    path,
    view: "source",
    resources: [],
    parameters: [],
    variables: {},
    outputs: {},
    modules: [],
  };
  declarations.forEach((node, position) => {
    const previous = declarations[position - 1];
    const decorators = previous?.type === "decorators" ? named(previous).map((d) => d.text) : [];
    if (node.type === "resource_declaration") file.resources.push(...readResource(node, "", toValue));
    if (node.type === "parameter_declaration") file.parameters.push(readParameter(node, decorators, toValue));
    if (node.type === "module_declaration") file.modules.push(readModule(node, toValue));
    const [name, , value] = named(node);
    if (node.type === "output_declaration" && name && value) file.outputs[name.text] = toValue(value);
  });
  for (const [name, value] of variableNodes) file.variables[name] = toValue(value);
  return file;
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
}

function unquote(node: Node): string {
  return node.type === "string" ? node.text.slice(1, -1).replace(/\\(.)/g, "$1") : node.text;
}

function declarationBody(node: Node): Node | undefined {
  const last = named(node).at(-1);
  if (last?.type === "for_statement") {
    const body = last.childForFieldName("body");
    return body?.type === "if_statement" ? named(body).at(-1) : (body ?? undefined);
  }
  return last?.type === "if_statement" ? named(last).at(-1) : last;
}

function readResource(node: Node, parentType: string, toValue: (n: Node) => BicepValue): BicepResource[] {
  const [symbol, typeNode] = named(node);
  const [typeName = "", apiVersion = ""] = unquote(typeNode ?? node).split("@");
  const type = parentType && !typeName.includes("/") ? `${parentType}/${typeName}` : typeName;
  const bodyNode = declarationBody(node);
  const body = bodyNode?.type === "object" ? (toValue(bodyNode) as { [key: string]: BicepValue }) : {};
  const resource: BicepResource = {
    symbol: symbol?.text ?? "",
    type,
    apiVersion,
    existing: node.children.some((child) => child?.type === "existing"),
    body,
    line: node.startPosition.row + 1,
  };
  const nested = bodyNode
    ? named(bodyNode).flatMap((p) => named(p).filter((n) => n.type === "resource_declaration"))
    : [];
  return [resource, ...nested.flatMap((child) => readResource(child, type, toValue))];
}

function readParameter(node: Node, decorators: string[], toValue: (n: Node) => BicepValue): BicepParameter {
  const [name, type, value] = named(node);
  const parameter: BicepParameter = { name: name?.text ?? "", type: type?.text ?? "", decorators };
  return value ? { ...parameter, defaultValue: toValue(value) } : parameter;
}

function readModule(node: Node, toValue: (n: Node) => BicepValue): BicepModule {
  const [symbol, path] = named(node);
  const bodyNode = declarationBody(node);
  const body = bodyNode?.type === "object" ? (toValue(bodyNode) as { [key: string]: BicepValue }) : {};
  const params = body["params"];
  return {
    symbol: symbol?.text ?? "",
    path: path ? unquote(path) : "",
    params:
      params && typeof params === "object" && !Array.isArray(params) && !(params instanceof Expression) ? params : {},
  };
}

function convert(node: Node, variables: Map<string, Node>, resolving: Set<string>): BicepValue {
  switch (node.type) {
    case "object":
      return Object.fromEntries(
        named(node)
          .filter((property) => property.type === "object_property")
          .flatMap((property) => {
            const [key, value] = named(property);
            if (!key || !value || value.type === "resource_declaration") return [];
            return [[unquote(key), convert(value, variables, resolving)]];
          }),
      );
    case "array":
      return named(node).map((item) => convert(item, variables, resolving));
    case "string":
      return named(node).some((part) => part.type === "interpolation") ? new Expression(node.text) : unquote(node);
    case "number":
      return Number(node.text);
    case "boolean":
      return node.text === "true";
    case "null":
      return null;
    case "identifier": {
      const variable = variables.get(node.text);
      if (!variable || resolving.has(node.text)) return new Expression(node.text);
      return convert(variable, variables, new Set([...resolving, node.text]));
    }
    default:
      return new Expression(node.text);
  }
}
