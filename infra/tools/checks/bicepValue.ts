// Small readers over BicepValue trees shared by the rule modules.
import { Expression, type BicepValue } from "./bicepModel.js";

/** The value at a dotted path (e.g. "properties.sku.name"), or undefined when any step is missing. */
export function valueAt(value: BicepValue | undefined, path: string): BicepValue | undefined {
  let current: BicepValue | undefined = value;
  for (const key of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** True for a plain Bicep object (not an array, not an expression). */
export function isObject(value: BicepValue | undefined): value is { [key: string]: BicepValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Expression);
}

/** The source text of a value, for rules that only need to see which symbols an expression names. */
export function sourceText(value: BicepValue | undefined): string {
  if (value instanceof Expression) return value.text;
  if (Array.isArray(value)) return value.map(sourceText).join(" ");
  if (isObject(value))
    return Object.entries(value)
      .map(([k, v]) => `${k} ${sourceText(v)}`)
      .join(" ");
  return String(value);
}

/** Every object anywhere inside a value, depth first, including the value itself. */
export function allObjects(value: BicepValue | undefined): { [key: string]: BicepValue }[] {
  if (Array.isArray(value)) return value.flatMap(allObjects);
  if (!isObject(value)) return [];
  return [value, ...Object.values(value).flatMap(allObjects)];
}
