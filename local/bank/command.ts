// The shape every bank CLI command has (its options, help text and action), the context it runs in, and the
// option readers they share. Commands print through the context so tests can run them in-process.
import type { ParseArgsConfig } from "node:util";
import { usageError } from "./cliError.js";
import { findBank, loadConsortium, type Consortium, type ConsortiumBank } from "./consortium.js";
import type { ProgressStream } from "./progressBar.js";

/** Parsed command-line values. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** Where a command writes, and the Ctrl-C signal it should stop on. */
export interface CliIo {
  /** One line of the command's output (stdout). */
  out(line: string): void;
  /** Messages and progress (stderr). */
  err: ProgressStream;
  signal?: AbortSignal;
}

/** What a running command can use. */
export interface CommandContext {
  io: CliIo;
  values: OptionValues;
  positionals: string[];
  /** The consortium file named by `--consortium` (loaded once). */
  consortium(): Promise<Consortium>;
}

/** One CLI command. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Runs the command; resolves with the exit code. */
  run(context: CommandContext): Promise<number>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  consortium: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Command["options"];

/** Help lines for the global options. */
export const GLOBAL_HELP = `Global options:
  --consortium <path>   the consortium file \`npm start\` writes (default .local/consortium.json)
  -h, --help            this help`;

/** A string option, or a usage error naming it when it is required and missing. */
export function stringOption(values: OptionValues, name: string): string | undefined;
export function stringOption(values: OptionValues, name: string, required: true): string;
export function stringOption(values: OptionValues, name: string, required = false): string | undefined {
  const value = values[name];
  if (typeof value === "string" && value !== "") return value;
  if (required) throw usageError(`--${name} is required`);
  return undefined;
}

/** A numeric option within [min, max] (integer unless `fraction`), or `undefined` when not given. */
export function numberOption(
  values: OptionValues,
  name: string,
  limits: { min: number; max: number; fraction?: boolean },
): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const ok = Number.isFinite(value) && (limits.fraction || Number.isInteger(value));
  if (!ok || value < limits.min || value > limits.max) {
    const kind = limits.fraction ? "a number" : "an integer";
    throw usageError(`--${name} must be ${kind} from ${limits.min} to ${limits.max}, got "${raw}"`);
  }
  return value;
}

/** The bank named by `--bank` (required). */
export async function selectedBank(context: CommandContext): Promise<ConsortiumBank> {
  const name = stringOption(context.values, "bank", true);
  return findBank(await context.consortium(), name);
}

/** `--score-min`/`--score-max` over `base` (the consortium file's `scoreRange` or a default). */
export function scoreRangeOption(
  values: OptionValues,
  base: { min: number; max: number },
): { min: number; max: number } {
  const min = numberOption(values, "score-min", { min: 0, max: 65_535 }) ?? base.min;
  const max = numberOption(values, "score-max", { min: 0, max: 65_535 }) ?? base.max;
  if (min > max) throw usageError("--score-min must not exceed --score-max");
  return { min, max };
}

/** Loads the consortium file lazily, once. */
export function consortiumLoader(path: string | undefined): () => Promise<Consortium> {
  let loaded: Promise<Consortium> | undefined;
  return () => (loaded ??= loadConsortium(path));
}
