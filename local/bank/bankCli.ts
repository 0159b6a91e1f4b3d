// The bank CLI's dispatcher: picks the command, parses its options (strictly, so a typo is an error), prints
// help, and turns failures into one `error: …` line and an exit code. `runBankCli` is the in-process entry.
import { parseArgs } from "node:util";
import { CliError, EXIT, usageError } from "./cliError.js";
import { consortiumLoader, GLOBAL_HELP, GLOBAL_OPTIONS, stringOption, type CliIo, type Command } from "./command.js";
import { generateCommand } from "./generateCommand.js";
import { recordsCommand, statusCommand } from "./readCommands.js";
import { resultsCommand } from "./resultsCommand.js";
import { sendCommand } from "./sendCommand.js";

/** Every command, in help order. */
export const COMMANDS: readonly Command[] = [
  sendCommand,
  resultsCommand,
  statusCommand,
  recordsCommand,
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
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(USAGE);
    return name === undefined ? EXIT.usage : 0;
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

function parseCommandLine(command: Command, args: string[]): ReturnType<typeof parseLoosely> {
  try {
    return parseLoosely(command, args);
  } catch (error) {
    throw usageError((error as Error).message.split(". To specify")[0] as string);
  }
}

function parseLoosely(command: Command, args: string[]) {
  const parsed = parseArgs({
    args,
    options: { ...command.options, ...GLOBAL_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}
