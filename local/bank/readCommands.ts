// `status` and `records`: the two read API views. `status` finds the bank from the update id's first segment
// when `--bank` is not given; `records` asks any bank (the first by default), since every bank sees every record.
import { CliError, usageError } from "./cliError.js";
import { GLOBAL_HELP, stringOption, type Command, type CommandContext } from "./command.js";
import { findBank, type ConsortiumBank } from "./consortium.js";
import { fetchSubjectRecords, fetchUpdateStatus } from "./readApi.js";
import { formatRecords, formatTimeline } from "./readViews.js";
import { SUBJECT_SCHEMES } from "../../lib/domain/creditUpdateSchema.js";
import { normaliseSubject, type Subject } from "../../lib/domain/subject.js";

/** The `status` command. */
export const statusCommand: Command = {
  name: "status",
  summary: "print an update's status timeline from its bank's read API",
  help: `Usage: npm run bank -- status <updateId> [--bank <name>] [--json]

Prints the update's status timeline (received, accepted, submitted, final status with tx and block).
  --bank <name>   the bank that sent the update (default: the update id's first segment, e.g. bank-a/…)
  --json          print the read API's answer as JSON

${GLOBAL_HELP}`,
  options: { bank: { type: "string" }, json: { type: "boolean" } },
  async run(context) {
    const [updateId, ...extra] = context.positionals;
    if (updateId === undefined || extra.length > 0) throw usageError("give exactly one update id: status <updateId>");
    const bank = await bankFor(context, updateId);
    const body = await fetchUpdateStatus(bank, updateId, context.io.signal);
    const lines = context.values["json"] === true ? [JSON.stringify(body, null, 2)] : formatTimeline(updateId, body);
    lines.forEach((line) => context.io.out(line));
    return 0;
  },
};

/** The `records` command. */
export const recordsCommand: Command = {
  name: "records",
  summary: "print every bank's record of a subject from a bank's read API",
  help: `Usage: npm run bank -- records --scheme <scheme> --country <CC> --id <id> [--bank <name>] [--json]

Prints every bank's current record of the subject (score, model, asOf, block, tx), issuers named by bank.
  --scheme <scheme>   ${SUBJECT_SCHEMES.join(" | ")}
  --country <CC>      ISO 3166-1 alpha-2 country code
  --id <id>           the subject's identifier, as the bank writes it
  --bank <name>       the bank whose read API to ask (default: the first bank of the consortium)
  --json              print the read API's answer as JSON

${GLOBAL_HELP}`,
  options: {
    bank: { type: "string" },
    scheme: { type: "string" },
    country: { type: "string" },
    id: { type: "string" },
    json: { type: "boolean" },
  },
  async run(context) {
    if (context.positionals.length > 0) throw usageError(`unexpected argument "${context.positionals[0]}"`);
    const subject = subjectOption(context);
    const consortium = await context.consortium();
    const bank = findBank(consortium, stringOption(context.values, "bank"));
    const body = await fetchSubjectRecords(bank, subject, context.io.signal);
    const lines = context.values["json"] === true ? [JSON.stringify(body, null, 2)] : formatRecords(body, consortium);
    lines.forEach((line) => context.io.out(line));
    return 0;
  },
};

/** The subject of `--scheme`, `--country` and `--id`, checked and normalised. */
export function subjectOption(context: CommandContext): Subject {
  const scheme = stringOption(context.values, "scheme", true);
  if (!(SUBJECT_SCHEMES as readonly string[]).includes(scheme)) {
    throw usageError(`--scheme must be one of ${SUBJECT_SCHEMES.join(", ")}, got "${scheme}"`);
  }
  const country = stringOption(context.values, "country", true);
  if (!/^[A-Za-z]{2}$/.test(country)) throw usageError(`--country must be a two-letter code, got "${country}"`);
  const subject = { scheme: scheme as Subject["scheme"], country, id: stringOption(context.values, "id", true) };
  const normal = normaliseSubject(subject);
  if (!normal.ok) throw usageError(`--id ${normal.idError}`);
  return normal.subject;
}

async function bankFor(context: CommandContext, updateId: string): Promise<ConsortiumBank> {
  const consortium = await context.consortium();
  const name = stringOption(context.values, "bank");
  if (name !== undefined) return findBank(consortium, name);
  const prefix = updateId.split("/")[0];
  const bank = consortium.banks.find((b) => b.name === prefix);
  if (bank) return bank;
  throw new CliError(
    `say which bank sent "${updateId}" with --bank (${consortium.banks.map((b) => b.name).join(", ")})`,
    2,
  );
}
