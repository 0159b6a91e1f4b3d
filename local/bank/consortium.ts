// Reads `.local/consortium.json`, the file `npm start` writes for scripts, and finds one bank in it. Only the
// published fields are required; anything else the launcher adds is kept but not relied on.
import { readFile } from "node:fs/promises";
import { CliError } from "./cliError.js";

/** Default location of the consortium file, relative to the working directory. */
export const DEFAULT_CONSORTIUM_PATH = ".local/consortium.json";

/** One member bank as the consortium file describes it. */
export interface ConsortiumBank {
  name: string;
  /** The bank's signing address (the issuer of its records on chain). */
  address: string;
  inboundQueue: string;
  resultsQueue: string;
  /** Base URL of the bank's host (read API under `/api`). */
  hostUrl: string;
  /** Function key of the bank's admin API (`x-functions-key`). */
  adminKey: string;
}

/** The running consortium (the published shape of `.local/consortium.json`). */
export interface Consortium {
  chain: { rpcUrl: string; chainId: number; contractAddress: string };
  serviceBus: { connectionString: string };
  banks: ConsortiumBank[];
  /** Optional: the score range the hosts accept (the CLI validates against it when present). */
  scoreRange?: { min: number; max: number };
}

const BANK_FIELDS = ["name", "address", "inboundQueue", "resultsQueue", "hostUrl", "adminKey"] as const;

/** Loads and checks the consortium file; a missing file means the consortium is not running. */
export async function loadConsortium(path: string = DEFAULT_CONSORTIUM_PATH): Promise<Consortium> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliError(`the consortium is not running: start it with \`npm start\` (no ${path})`);
    }
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, undefined, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not valid JSON: restart the consortium with \`npm start\``);
  }
  const problems = consortiumProblems(json);
  if (problems.length > 0) throw new CliError(`${path} is not a valid consortium file: ${problems.join("; ")}`);
  return json as Consortium;
}

/** Every missing or mistyped published field, as `path: problem`. */
export function consortiumProblems(json: unknown): string[] {
  const problems: string[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  const want = (owner: unknown, path: string, key: string, type: "string" | "number"): void => {
    const value = isObject(owner) ? owner[key] : undefined;
    if (typeof value !== type || value === "") problems.push(`${path}${key} must be a non-empty ${type}`);
  };
  if (!isObject(json)) return ["the file must hold a JSON object"];
  for (const key of ["rpcUrl", "contractAddress"]) want(json["chain"], "chain.", key, "string");
  want(json["chain"], "chain.", "chainId", "number");
  want(json["serviceBus"], "serviceBus.", "connectionString", "string");
  const banks = json["banks"];
  if (!Array.isArray(banks) || banks.length === 0) return [...problems, "banks must be a non-empty array"];
  banks.forEach((bank, i) => BANK_FIELDS.forEach((key) => want(bank, `banks[${i}].`, key, "string")));
  return problems;
}

/** The bank named `name` (the consortium's first when none is named), or an error listing the banks it has. */
export function findBank(consortium: Consortium, name: string | undefined): ConsortiumBank {
  if (name === undefined) return consortium.banks[0] as ConsortiumBank;
  const bank = consortium.banks.find((b) => b.name === name);
  if (bank) return bank;
  const known = consortium.banks.map((b) => b.name).join(", ");
  throw new CliError(`unknown bank "${name}": the consortium has ${known}`);
}

/** The bank whose signing address is `address` (case-insensitive), for naming record issuers. */
export function bankByAddress(consortium: Consortium, address: string): ConsortiumBank | undefined {
  return consortium.banks.find((b) => b.address.toLowerCase() === address.toLowerCase());
}
