// The bank CLI's dispatcher: picks the command, parses its options (strictly, so a typo is an error), prints
// help, and turns failures into one `error: …` line and an exit code. `runBankCli` is the in-process entry.
import { parseArgs } from "node:util";
import { CliError, EXIT, usageError } from "./cliError.js";
import {
  consortiumLoader,
  GLOBAL_HELP,
  GLOBAL_OPTIONS,
  stringOption,
  type CliIo,
  type Command,
  type OptionValues,
} from "./command.js";
import { generateCommand } from "./generateCommand.js";
import { eraseCommand } from "./eraseCommand.js";
import { approveCommand, membersCommand, proposalsCommand, proposeCommand } from "./governanceCommands.js";
import { recordsCommand, statusCommand } from "./readCommands.js";
import { resultsCommand } from "./resultsCommand.js";
import { sendCommand } from "./sendCommand.js";

/** Every command, in help order. */
export const COMMANDS: readonly Command[] = [
  sendCommand,
  resultsCommand,
  statusCommand,
  recordsCommand,
  eraseCommand,
  membersCommand,
  proposalsCommand,
  proposeCommand,
  approveCommand,
  generateCommand,
];

const USAGE = `Usage: npm run bank -- <command> [options]

Talks to the local consortium that \`npm start\` runs, through .local/consortium.json.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join("\n")}

Run \`npm run bank -- <command> --help\` for a command's options.

${GLOBAL_HELP}`;

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function runBankCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.out(USAGE);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw usageError(`unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(", ")})`);
    const { values, positionals } = parseCommandLine(command, rest);
    if (values["help"] === true) {
      io.out(command.help);
      return 0;
    }
    const consortium = consortiumLoader(stringOption(values, "consortium"));
    return await command.run({ io, values, positionals, consortium });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.err.write(`error: ${error.message}\n`);
    if (error.exitCode === EXIT.usage && command)
      io.err.write(`run \`npm run bank -- ${command.name} --help\` for usage\n`);
    return error.exitCode;
  }
}

/** Parses `args` strictly against the command's and the global options; a mistake is a usage error. */
function parseCommandLine(command: Command, args: string[]): { values: OptionValues; positionals: string[] } {
  try {
    const options = { ...command.options, ...GLOBAL_OPTIONS };
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (error) {
    // node:util appends advice about `--` that does not apply to typos.
    throw usageError((error as Error).message.split(". To specify")[0] as string);
  }
}
