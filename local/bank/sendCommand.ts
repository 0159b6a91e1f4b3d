// `send`: validates an NDJSON file (or generates updates) and sends them to the bank's inbound queue, with a
// progress bar and a summary. A file with any invalid line sends nothing unless `--skip-invalid` is given.
import { CliError, usageError } from "./cliError.js";
import {
  GLOBAL_HELP,
  numberOption,
  scoreRangeOption,
  selectedBank,
  stringOption,
  type CliIo,
  type Command,
  type CommandContext,
} from "./command.js";
import type { Consortium } from "./consortium.js";
import { DEFAULT_SCORE_RANGE, generateUpdates } from "./generateUpdates.js";
import { createProgress } from "./progressBar.js";
import { sendUpdates, type SendTarget, type UpdateBody } from "./sendUpdates.js";
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
  --file <path>           one JSON credit update per line (- for stdin); every line is validated first and each
                          invalid line is reported with its number and field; nothing is sent then
  --skip-invalid          send the valid lines of a file anyway (invalid ones are still reported)
  --generate <count>      send <count> realistic random updates instead of a file
  --repeat-share <0..1>   with --generate: share of updates to subjects sent earlier in the run (0.2)
  --seed <text>           with --generate: reproducible updates (and update ids)
  --score-min <n>, --score-max <n>
                          the score range the hosts accept (default: the consortium file's
                          scoreRange, else 300–850 as \`npm start\` configures them)

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
    const updates =
      file !== undefined
        ? await fileUpdates(context, file, consortium)
        : generateUpdates(count as number, {
            bank: bank.name,
            repeatShare: numberOption(values, "repeat-share", { min: 0, max: 1, fraction: true }) ?? 0.2,
            scoreRange: scoreRangeOption(values, consortium.scoreRange ?? DEFAULT_SCORE_RANGE),
            seed: stringOption(values, "seed"),
          });
    if (updates.length === 0) {
      io.out("nothing to send");
      return 0;
    }
    const client = await openServiceBus(consortium.serviceBus.connectionString);
    try {
      return await sendWithProgress({ client, queue: bank.inboundQueue }, updates, io);
    } finally {
      await client.close();
    }
  },
};

/** The valid updates of `file`; reports every invalid line, and refuses them all unless `--skip-invalid`. */
async function fileUpdates(context: CommandContext, file: string, consortium: Consortium): Promise<UpdateBody[]> {
  const scoreRange = scoreRangeOption(context.values, consortium.scoreRange ?? DEFAULT_FILE_SCORE_RANGE);
  const { updates, problems } = await readUpdatesFile(file, { scoreRange });
  for (const line of formatLineProblems(problems)) context.io.err.write(`${line}\n`);
  if (problems.length > 0 && context.values["skip-invalid"] !== true) {
    const lines = problems.length === 1 ? "1 line is" : `${problems.length} lines are`;
    throw new CliError(`nothing sent: ${lines} invalid (fix them, or send the rest with --skip-invalid)`);
  }
  if (problems.length > 0) context.io.err.write(`skipping ${problems.length} invalid line(s)\n`);
  return updates.map((u) => u.body);
}

/** Sends with a progress bar (long sends only) and prints the summary; 130 when Ctrl-C cut the send short. */
async function sendWithProgress(target: SendTarget, updates: readonly UpdateBody[], io: CliIo): Promise<number> {
  const total = updates.length;
  const progress = total >= PROGRESS_FROM ? createProgress({ total, label: "sent", stream: io.err }) : undefined;
  const summary = await sendUpdates(target, updates, {
    onProgress: (sent) => progress?.update(sent),
    signal: io.signal,
  });
  progress?.finish();
  const seconds = (summary.elapsedInMs / 1000).toFixed(1);
  const rate = Math.round(summary.perSecond);
  const what = `${summary.sent} update(s) to ${target.queue} in ${summary.batches} batch(es), ${seconds} s (${rate}/s)`;
  io.out(summary.interrupted ? `interrupted: sent ${what}; ${total - summary.sent} not sent` : `sent ${what}`);
  return summary.interrupted ? 130 : 0;
}
