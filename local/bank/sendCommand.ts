// `send`: validates an NDJSON file (or generates updates) and sends them to the bank's inbound queue, with a
// progress bar and a summary. A file with any invalid line sends nothing unless `--skip-invalid` is given.
import { CliError, usageError } from "./cliError.js";
import { GLOBAL_HELP, numberOption, scoreRangeOption, selectedBank, stringOption, type Command } from "./command.js";
import { DEFAULT_SCORE_RANGE, generateUpdates } from "./generateUpdates.js";
import { createProgress } from "./progressBar.js";
import { sendUpdates, type UpdateBody } from "./sendUpdates.js";
import { openServiceBus } from "./serviceBusConnection.js";
import { DEFAULT_FILE_SCORE_RANGE, formatLineProblems, readUpdatesFile } from "./updatesFile.js";

/** Sends shorter than this show no progress bar. */
const PROGRESS_FROM = 500;

/** The `send` command. */
export const sendCommand: Command = {
  name: "send",
  summary: "send credit updates from an NDJSON file, or generated ones, to a bank's inbound queue",
  help: `Usage: npm run bank -- send --bank <name> (--file <updates.ndjson> | --generate <count>) [options]

Sends credit updates to the bank's inbound queue (messageId = updateId, JSON), in batches.
  --bank <name>           the sending bank (as in the consortium file)
  --file <path>           one JSON credit update per line; every line is validated first and each
                          invalid line is reported with its number and field; nothing is sent then
  --skip-invalid          send the valid lines of a file anyway (invalid ones are still reported)
  --generate <count>      send <count> realistic random updates instead of a file
  --repeat-share <0..1>   with --generate: share of updates to subjects sent earlier in the run (0.2)
  --seed <text>           with --generate: reproducible updates (and update ids)
  --score-min <n>, --score-max <n>
                          score range (default: the consortium file's scoreRange, else 0–1000 for
                          files and 300–850 for generated updates)

${GLOBAL_HELP}`,
  options: {
    bank: { type: "string" },
    file: { type: "string" },
    "skip-invalid": { type: "boolean" },
    generate: { type: "string" },
    "repeat-share": { type: "string" },
    seed: { type: "string" },
    "score-min": { type: "string" },
    "score-max": { type: "string" },
  },
  async run(context) {
    const { values, io } = context;
    const file = stringOption(values, "file");
    const count = numberOption(values, "generate", { min: 1, max: 10_000_000 });
    if ((file === undefined) === (count === undefined)) throw usageError("give either --file <path> or --generate <n>");
    const consortium = await context.consortium();
    const bank = await selectedBank(context);
    const updates: UpdateBody[] = [];
    if (file !== undefined) {
      const scoreRange = scoreRangeOption(values, consortium.scoreRange ?? DEFAULT_FILE_SCORE_RANGE);
      const { updates: valid, problems } = await readUpdatesFile(file, { scoreRange });
      for (const line of formatLineProblems(problems)) io.err.write(`${line}\n`);
      if (problems.length > 0 && values["skip-invalid"] !== true) {
        const lines = problems.length === 1 ? "1 line is" : `${problems.length} lines are`;
        throw new CliError(`nothing sent: ${lines} invalid (fix them, or send the rest with --skip-invalid)`);
      }
      if (problems.length > 0) io.err.write(`skipping ${problems.length} invalid line(s)\n`);
      updates.push(...valid.map((u) => u.body));
    } else {
      const repeatShare = numberOption(values, "repeat-share", { min: 0, max: 1, fraction: true }) ?? 0.2;
      const scoreRange = scoreRangeOption(values, consortium.scoreRange ?? DEFAULT_SCORE_RANGE);
      const seed = stringOption(values, "seed");
      updates.push(...generateUpdates(count as number, { bank: bank.name, repeatShare, scoreRange, seed }));
    }
    if (updates.length === 0) {
      io.out("nothing to send");
      return 0;
    }
    const client = await openServiceBus(consortium.serviceBus.connectionString);
    try {
      const progress =
        updates.length >= PROGRESS_FROM
          ? createProgress({ total: updates.length, label: "sent", stream: io.err })
          : undefined;
      const summary = await sendUpdates({ client, queue: bank.inboundQueue }, updates, {
        onProgress: (sent) => progress?.update(sent),
        signal: io.signal,
      });
      progress?.finish();
      const seconds = (summary.elapsedInMs / 1000).toFixed(1);
      const what = `${summary.sent} update(s) to ${bank.inboundQueue} in ${summary.batches} batch(es), ${seconds} s (${Math.round(summary.perSecond)}/s)`;
      io.out(
        summary.interrupted ? `interrupted: sent ${what}; ${updates.length - summary.sent} not sent` : `sent ${what}`,
      );
      return summary.interrupted ? 130 : 0;
    } finally {
      await client.close();
    }
  },
};
