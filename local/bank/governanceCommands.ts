// `members`, `proposals`, `propose add|remove <address>` and `approve <id>`: consortium governance through a bank's
// governance API. A proposal or approval is signed by the bank's key through its submitter; the command follows the
// action until it is confirmed or failed and prints what it did (exit 1 when it failed).
import type { GovernanceActionView } from "../../lib/governance/getGovernanceAction.js";
import { usageError } from "./cliError.js";
import { GLOBAL_HELP, stringOption, type Command, type CommandContext } from "./command.js";
import { findBank, type ConsortiumBank } from "./consortium.js";
import { fetchMembers, fetchProposals, queueAction, waitForAction } from "./governanceApi.js";

const BANK_HELP = `  --bank <name>   the bank whose API to use (default: the first bank of the consortium)
  --json          print the API's answer as JSON`;
const OPTIONS = { bank: { type: "string" }, json: { type: "boolean" } } as const;

/** The `members` command. */
export const membersCommand: Command = {
  name: "members",
  summary: "list the consortium's members (names where known)",
  help: `Usage: npm run bank -- members [--bank <name>] [--json]\n\n${BANK_HELP}\n\n${GLOBAL_HELP}`,
  options: OPTIONS,
  async run(context) {
    const { bank, json } = await prepare(context, 0);
    const body = await fetchMembers(bank, context.io.signal);
    if (json) return print(context, [JSON.stringify(body, null, 2)]);
    const lines = body.members.map((m) => `  ${m.address}  ${m.name ?? ""}${m.isSelf ? "  (this bank)" : ""}`);
    const head = `${body.members.length} members at block ${body.blockNumber}; a proposal needs ${body.required} approvals`;
    return print(context, [head, ...lines]);
  },
};

/** The `proposals` command. */
export const proposalsCommand: Command = {
  name: "proposals",
  summary: "list the newest membership proposals with their approvals",
  help: `Usage: npm run bank -- proposals [--bank <name>] [--json]\n\n${BANK_HELP}\n\n${GLOBAL_HELP}`,
  options: OPTIONS,
  async run(context) {
    const { bank, json } = await prepare(context, 0);
    const body = await fetchProposals(bank, context.io.signal);
    if (json) return print(context, [JSON.stringify(body, null, 2)]);
    if (body.proposals.length === 0) return print(context, [`no proposals at block ${body.blockNumber}`]);
    const lines = body.proposals.map(
      (p) =>
        `#${p.id} ${p.action} ${p.account}${p.accountName ? ` (${p.accountName})` : ""}: ` +
        `${p.approvals} of ${p.required} approvals, ${p.status}${p.proposer ? `, proposed by ${p.proposer}` : ""}`,
    );
    return print(context, lines);
  },
};

/** The `propose` command. */
export const proposeCommand: Command = {
  name: "propose",
  summary: "propose adding or removing a member, and wait for the transaction",
  help: `Usage: npm run bank -- propose add|remove <address> [--bank <name>] [--json]

Queues the proposal at the bank (signed with its key by its submitter) and waits until it is confirmed or failed.
${BANK_HELP}

${GLOBAL_HELP}`,
  options: OPTIONS,
  async run(context) {
    const { bank, json } = await prepare(context, 2);
    const [action, account = ""] = context.positionals;
    if (action !== "add" && action !== "remove") throw usageError(`propose add|remove <address>, not "${action}"`);
    return follow(context, bank, json, await queueAction(bank, { action, account }, context.io.signal));
  },
};

/** The `approve` command. */
export const approveCommand: Command = {
  name: "approve",
  summary: "approve a membership proposal, and wait for the transaction",
  help: `Usage: npm run bank -- approve <proposalId> [--bank <name>] [--json]

Queues the bank's approval (signed with its key by its submitter) and waits until it is confirmed or failed.
${BANK_HELP}

${GLOBAL_HELP}`,
  options: OPTIONS,
  async run(context) {
    const { bank, json } = await prepare(context, 1);
    const approve = context.positionals[0] ?? "";
    return follow(context, bank, json, await queueAction(bank, { approve }, context.io.signal));
  },
};

async function prepare(context: CommandContext, positionals: number): Promise<{ bank: ConsortiumBank; json: boolean }> {
  if (context.positionals.length !== positionals) {
    throw usageError(
      `expected ${positionals} argument${positionals === 1 ? "" : "s"}, got ${context.positionals.length}`,
    );
  }
  const bank = findBank(await context.consortium(), stringOption(context.values, "bank"));
  return { bank, json: context.values["json"] === true };
}

async function follow(context: CommandContext, bank: ConsortiumBank, json: boolean, actionId: string): Promise<number> {
  if (!json) context.io.out(`${bank.name} queued ${actionId}; waiting for its transaction…`);
  const view = await waitForAction(bank, actionId, context.io.signal);
  print(context, json ? [JSON.stringify(view, null, 2)] : [describe(view)]);
  return view.status === "confirmed" ? 0 : 1;
}

/** One line on a final (or, after the wait, still open) action. */
export function describe(view: GovernanceActionView): string {
  const tx = view.txHash
    ? ` (tx ${view.txHash}${view.blockNumber !== undefined ? `, block ${view.blockNumber}` : ""})`
    : "";
  if (view.status === "failed") return `failed: ${view.error ?? "no reason given"}${tx}`;
  if (view.status !== "confirmed" || !view.result) return `still ${view.status} after waiting${tx}`;
  const { proposalId, approvals, required, executed } = view.result;
  return `confirmed: proposal #${proposalId}, ${approvals} of ${required} approvals, ${executed ? "executed" : "open"}${tx}`;
}

function print(context: CommandContext, lines: readonly string[]): number {
  lines.forEach((line) => context.io.out(line));
  return 0;
}
