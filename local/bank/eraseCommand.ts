// `erase`: asks a bank to erase a subject's personal data (DELETE /api/subjects) and prints what it removed; with
// `--wait`, follows the tombstone on the bank's status API until it is final and prints its transaction.
import { usageError } from "./cliError.js";
import { GLOBAL_HELP, stringOption, type Command } from "./command.js";
import { findBank, type ConsortiumBank } from "./consortium.js";
import { eraseSubjectOn, fetchUpdateStatus } from "./readApi.js";
import { subjectOption } from "./readCommands.js";
import { SUBJECT_SCHEMES } from "../../lib/domain/creditUpdateSchema.js";
import type { ErasureReport } from "../../lib/domain/erasure.js";

/** How often and how long `--wait` polls the tombstone's status. */
const POLL_EVERY_IN_MS = 500;
const WAIT_AT_MOST_IN_MS = 120_000;

/** The `erase` command. */
export const eraseCommand: Command = {
  name: "erase",
  summary: "erase a subject's personal data at one bank and tombstone its record on chain",
  help: `Usage: npm run bank -- erase --scheme <scheme> --country <CC> --id <id> [--bank <name>] [--wait] [--json]

Erases the subject's data held by the bank (outbox records, salts, deliveries and their attempts), stops its
webhooks and queues a tombstone that removes the bank's record of the subject from the chain's current state.
Other banks' records of the subject are theirs: erase at each bank that holds one.
  --scheme <scheme>   ${SUBJECT_SCHEMES.join(" | ")}
  --country <CC>      ISO 3166-1 alpha-2 country code
  --id <id>           the subject's identifier (sent in the request body, never in a URL)
  --bank <name>       the bank to erase at (default: the first bank of the consortium)
  --wait              wait until the tombstone is final and print its transaction
  --json              print the bank's answer as JSON

${GLOBAL_HELP}`,
  options: {
    bank: { type: "string" },
    scheme: { type: "string" },
    country: { type: "string" },
    id: { type: "string" },
    wait: { type: "boolean" },
    json: { type: "boolean" },
  },
  async run(context) {
    if (context.positionals.length > 0) throw usageError(`unexpected argument "${context.positionals[0]}"`);
    const subject = subjectOption(context);
    const consortium = await context.consortium();
    const bank = findBank(consortium, stringOption(context.values, "bank"));
    const report = (await eraseSubjectOn(bank, subject, context.io.signal)) as ErasureReport;
    if (context.values["json"] === true) context.io.out(JSON.stringify(report, null, 2));
    else formatReport(bank, report).forEach((line) => context.io.out(line));
    if (context.values["wait"] !== true || report.tombstone === null) return 0;
    const final = await waitForFinal(bank, report.tombstone.updateId, context.io.signal);
    context.io.out(
      `tombstone ${report.tombstone.updateId}: ${final.status}${final.txHash ? ` tx ${final.txHash}` : ""}`,
    );
    return final.status === "confirmed" ? 0 : 1;
  },
};

function formatReport(bank: ConsortiumBank, report: ErasureReport): string[] {
  const { outboxRecords, salts, deliveries, attempts } = report.removed;
  const tombstone = report.tombstone;
  return [
    `${bank.name} erased subject ${report.subjectKey}`,
    `  removed: ${outboxRecords} outbox records, ${salts} salts, ${deliveries} deliveries, ${attempts} attempts`,
    `  stopped ${report.stoppedDeliveries} pending deliveries; ${report.waitingUpdates} waiting updates end failed; ` +
      `${report.inFlightUpdates} in flight`,
    tombstone
      ? `  tombstone ${tombstone.updateId}: ${tombstone.status}${tombstone.txHash ? ` tx ${tombstone.txHash}` : ""}`
      : "  tombstone: none needed (nothing of ours on chain or on its way)",
  ];
}

async function waitForFinal(
  bank: ConsortiumBank,
  updateId: string,
  signal: AbortSignal | undefined,
): Promise<{ status: string; txHash?: string }> {
  const deadline = Date.now() + WAIT_AT_MOST_IN_MS;
  for (;;) {
    const body = (await fetchUpdateStatus(bank, updateId, signal)) as {
      status: string;
      timeline?: { txHash?: string }[];
    };
    const txHash = body.timeline?.findLast((e) => e.txHash !== undefined)?.txHash;
    if (body.status !== "accepted" && body.status !== "submitted") return { status: body.status, txHash };
    if (Date.now() > deadline) return { status: `still ${body.status} after ${WAIT_AT_MOST_IN_MS / 1000} s`, txHash };
    await new Promise((r) => setTimeout(r, POLL_EVERY_IN_MS));
  }
}
