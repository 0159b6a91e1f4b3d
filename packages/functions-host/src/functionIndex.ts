// The host's view of the registered functions: metadata with `%Setting%` expressions resolved, the trigger
// binding picked out, and functions whose settings do not resolve reported as in error (the host runs the rest).
import { randomUUID } from "node:crypto";
import type { AppRegistrations } from "./coreModule.js";
import type { FunctionCallback, FunctionMetadata, RpcBindingInfo } from "./coreTypes.js";
import { resolveSettings } from "./settings.js";

/** A binding together with its generated name. */
export type NamedBinding = RpcBindingInfo & { readonly name: string };

/** A function ready to be triggered. */
export interface FunctionEntry {
  readonly name: string;
  readonly functionId: string;
  /** Metadata with settings resolved; this is what the library sees. */
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
  readonly trigger: NamedBinding;
  readonly inputs: NamedBinding[];
  readonly outputs: NamedBinding[];
}

/** The indexed functions, plus the ones that could not be indexed and why. */
export interface FunctionIndex {
  readonly functions: Map<string, FunctionEntry>;
  readonly errors: Map<string, string>;
}

/**
 * Indexes `registrations`, resolving `%Setting%` expressions in every binding from `settings`. A function whose
 * `AzureWebJobs.<name>.Disabled` setting is true is left out, as the host does.
 */
export function indexFunctions(registrations: AppRegistrations, settings: Record<string, string>): FunctionIndex {
  const functions = new Map<string, FunctionEntry>();
  const errors = new Map<string, string>();
  for (const [name, registered] of registrations.functions) {
    if (/^(true|1)$/i.test(settings[`AzureWebJobs.${name}.Disabled`] ?? "")) continue;
    const missing = new Set<string>();
    const bindings = resolveSettings(registered.metadata.bindings, settings, missing);
    if (missing.size > 0) {
      errors.set(name, `The binding setting(s) ${[...missing].map((m) => `'%${m}%'`).join(", ")} do not resolve`);
      continue;
    }
    const named = Object.entries(bindings).map(([bindingName, b]) => ({ ...b, name: bindingName }));
    const trigger = named.find((b) => /trigger$/i.test(b.type));
    if (!trigger) {
      errors.set(name, "No trigger binding");
      continue;
    }
    functions.set(name, {
      name,
      functionId: randomUUID(),
      metadata: { ...registered.metadata, bindings },
      callback: registered.callback,
      trigger,
      inputs: named.filter((b) => b !== trigger && b.direction === "in"),
      outputs: named.filter((b) => b.direction === "out"),
    });
  }
  return { functions, errors };
}
