// Consistency checks that `bicep build` would otherwise be first to catch: main.parameters.json against
// main.bicep's parameters, and every local module call against the called module's parameters.
import { posix } from "node:path";
import type { BicepFile, BicepParameter } from "./bicepModel.js";

/** One inconsistency, in words. */
export type ParameterProblem = string;

const AZD_SUBSTITUTION = /^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$/;
const PRIVATE_KEY = /PRIVATE KEY|^[0-9a-fA-F]{64}$|^0x[0-9a-fA-F]{64}$/;

function required(parameters: readonly BicepParameter[]): string[] {
  return parameters.filter((p) => p.defaultValue === undefined).map((p) => p.name);
}

function literalMatchesType(value: unknown, type: string): boolean {
  if (type === "int") return Number.isInteger(value);
  if (type === "bool") return typeof value === "boolean";
  if (type === "string") return typeof value === "string";
  if (type === "array") return Array.isArray(value);
  if (type === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  return true;
}

/** Checks an azd parameters file against the parameters main.bicep declares. */
export function checkParameterFile(main: BicepFile, parametersJson: unknown): ParameterProblem[] {
  const declared = new Map(main.parameters.map((p) => [p.name, p]));
  const given = (parametersJson as { parameters?: Record<string, { value?: unknown }> })?.parameters;
  if (!given || typeof given !== "object") return ["parameters file has no parameters object"];
  const problems: ParameterProblem[] = [];
  for (const name of required(main.parameters)) {
    if (!(name in given)) problems.push(`required parameter ${name} is missing from the parameters file`);
  }
  for (const [name, entry] of Object.entries(given)) {
    const parameter = declared.get(name);
    const value = entry?.value;
    if (!parameter) problems.push(`${name} is not a parameter of ${main.path}`);
    else if (typeof value === "string" && AZD_SUBSTITUTION.test(value)) continue;
    else if (typeof value === "string" && value.includes("${"))
      problems.push(`${name}: malformed azd substitution ${value}`);
    else if (!literalMatchesType(value, parameter.type))
      problems.push(`${name}: literal does not match type ${parameter.type}`);
    if (typeof value === "string" && PRIVATE_KEY.test(value))
      problems.push(`${name} holds what looks like a private key`);
    if (parameter?.decorators.some((d) => d.startsWith("@secure")) && !AZD_SUBSTITUTION.test(String(value))) {
      problems.push(`${name} is @secure() and must come from the environment, not a literal`);
    }
  }
  return problems;
}

/** Checks each local module call of each file: no unknown parameter, no missing required one. */
export function checkModuleCalls(files: readonly BicepFile[]): ParameterProblem[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return files.flatMap((file) =>
    file.modules.flatMap((call) => {
      if (call.path.startsWith("br:") || call.path.startsWith("ts:")) return [];
      const targetPath = posix.normalize(posix.join(posix.dirname(file.path), call.path));
      const target = byPath.get(targetPath);
      if (!target) return [`${file.path}: module ${call.symbol} points at missing ${targetPath}`];
      const declared = new Set(target.parameters.map((p) => p.name));
      const passed = Object.keys(call.params);
      return [
        ...passed.filter((name) => !declared.has(name)).map((n) => `${file.path}: ${call.symbol} passes unknown ${n}`),
        ...required(target.parameters)
          .filter((name) => !passed.includes(name))
          .map((n) => `${file.path}: ${call.symbol} does not pass required ${n}`),
      ];
    }),
  );
}
