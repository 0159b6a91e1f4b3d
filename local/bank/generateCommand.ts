// `generate`: writes realistic random credit updates as NDJSON to stdout, to keep, edit or send later with
// `send --file`. Needs no running consortium.
import { usageError } from "./cliError.js";
import { GLOBAL_HELP, numberOption, scoreRangeOption, stringOption, type Command } from "./command.js";
import { DEFAULT_SCORE_RANGE, generateUpdates } from "./generateUpdates.js";

/** The `generate` command. */
export const generateCommand: Command = {
  name: "generate",
  summary: "write realistic random credit updates as NDJSON to stdout (no consortium needed)",
  help: `Usage: npm run bank -- generate <count> --bank <name> [options] > updates.ndjson

Writes <count> valid credit updates, one JSON object per line: subjects across schemes and countries with
valid ids, bell-shaped scores, increasing asOf, update ids <bank>/<date>/<run>/<nnnnnn>.
  --bank <name>           the issuing bank (first segment of the update ids)
  --repeat-share <0..1>   share of updates to subjects of earlier updates (default 0.2)
  --seed <text>           reproducible output
  --score-min <n>, --score-max <n>   score range (default 300–850)

${GLOBAL_HELP}`,
  options: {
    bank: { type: "string" },
    "repeat-share": { type: "string" },
    seed: { type: "string" },
    "score-min": { type: "string" },
    "score-max": { type: "string" },
  },
  async run({ values, positionals, io }) {
    if (positionals.length !== 1) throw usageError("give the number of updates: generate <count> --bank <name>");
    const count = numberOption({ count: positionals[0] }, "count", { min: 1, max: 10_000_000 }) as number;
    const updates = generateUpdates(count, {
      bank: stringOption(values, "bank", true),
      repeatShare: numberOption(values, "repeat-share", { min: 0, max: 1, fraction: true }) ?? 0.2,
      scoreRange: scoreRangeOption(values, DEFAULT_SCORE_RANGE),
      seed: stringOption(values, "seed"),
    });
    for (const update of updates) io.out(JSON.stringify(update));
    return 0;
  },
};
