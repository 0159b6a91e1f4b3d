// `results`: prints and consumes the bank's results queue, one line (or one JSON object) per result; `--follow`
// keeps reading until Ctrl-C.
import { GLOBAL_HELP, numberOption, selectedBank, type Command } from "./command.js";
import { formatResult, readResults } from "./readResults.js";
import { openServiceBus } from "./serviceBusConnection.js";

/** The `results` command. */
export const resultsCommand: Command = {
  name: "results",
  summary: "print (and consume) the results a bank has received: updateId status reason txHash block",
  help: `Usage: npm run bank -- results --bank <name> [--follow] [--json] [--max <n>]

Reads the bank's results queue (peek-lock; each result is completed once printed) and prints one line per
result: updateId status reason txHash block ("-" where a result has none).
  --bank <name>    the bank whose results to read
  --follow         keep waiting for new results until Ctrl-C
  --json           print each result as one JSON object per line instead
  --max <n>        stop after n results
  --idle-ms <ms>   without --follow: stop once the queue has been empty this long (default 2000)

${GLOBAL_HELP}`,
  options: {
    bank: { type: "string" },
    follow: { type: "boolean", short: "f" },
    json: { type: "boolean" },
    max: { type: "string" },
    "idle-ms": { type: "string" },
  },
  async run(context) {
    const { values, io } = context;
    const consortium = await context.consortium();
    const bank = await selectedBank(context);
    const limit = numberOption(values, "max", { min: 1, max: Number.MAX_SAFE_INTEGER });
    const idleInMs = numberOption(values, "idle-ms", { min: 0, max: 3_600_000 });
    const follow = values["follow"] === true;
    const client = await openServiceBus(consortium.serviceBus.connectionString);
    try {
      const count = await readResults(
        { client, queue: bank.resultsQueue },
        (result) => io.out(values["json"] === true ? JSON.stringify(result) : formatResult(result)),
        { follow, limit, idleInMs, signal: io.signal },
      );
      io.err.write(`${count} result(s) read from ${bank.resultsQueue}\n`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
