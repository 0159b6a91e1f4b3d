// Reads an NDJSON file of credit updates (one JSON object a line) and validates every line with the layer's own
// parser before anything is sent, so a bad line is reported with its line number and field instead of coming
// back as a rejection. Blank lines are skipped; an update id repeated within the file is reported too.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseCreditUpdate, type FieldError } from "../../lib/domain/creditUpdate.js";
import { CliError } from "./cliError.js";

/** Options of {@link readUpdatesFile}. */
export interface ReadUpdatesFileOptions {
  /** The score range the bank's hosts accept. Default 300–850, the local consortium's `SCORE_MIN`–`SCORE_MAX`. */
  scoreRange?: { min: number; max: number };
  /** Reference time for the "not in the future" check. Default: now. */
  now?: Date;
}

/** One valid line: the update body exactly as written, and its update id. */
export interface FileUpdate {
  line: number;
  updateId: string;
  body: { updateId: string } & Record<string, unknown>;
}

/** One invalid line and everything wrong with it. */
export interface LineProblem {
  line: number;
  errors: FieldError[];
}

/** The valid updates of a file and the problems of the others, in line order. */
export interface UpdatesFile {
  updates: FileUpdate[];
  problems: LineProblem[];
}

/** Default score range: what `npm start` configures its hosts with (local/devStack/bankSettings.ts). */
export const DEFAULT_FILE_SCORE_RANGE: { readonly min: number; readonly max: number } = { min: 300, max: 850 };

/** Reads and validates `path` (`-` for stdin; see the file comment). Throws a CliError only when it cannot be read. */
export async function readUpdatesFile(path: string, options: ReadUpdatesFileOptions = {}): Promise<UpdatesFile> {
  const parseOptions = { scoreRange: options.scoreRange ?? DEFAULT_FILE_SCORE_RANGE, now: options.now ?? new Date() };
  const updates: FileUpdate[] = [];
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  let line = 0;
  try {
    const input = path === "-" ? process.stdin : createReadStream(path, "utf8");
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const text of lines) {
      line++;
      if (text.trim() === "") continue;
      const parsed = parseCreditUpdate(text, parseOptions);
      if (!parsed.ok) {
        problems.push({ line, errors: parsed.errors });
        continue;
      }
      const { updateId } = parsed.update;
      const first = firstLineOf.get(updateId);
      if (first !== undefined) {
        problems.push({ line, errors: [{ field: "updateId", message: `repeats the update id of line ${first}` }] });
        continue;
      }
      firstLineOf.set(updateId, line);
      updates.push({ line, updateId, body: JSON.parse(text) as FileUpdate["body"] });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError(`cannot read ${path}: ${why}`, undefined, { cause: error });
  }
  return { updates, problems };
}

/** One report line per field error: `line 7: subject.id: must be 4–32 letters or digits for national-id`. */
export function formatLineProblems(problems: readonly LineProblem[]): string[] {
  return problems.flatMap(({ line, errors }) => errors.map((e) => `line ${line}: ${e.field}: ${e.message}`));
}
