// Consortium governance, the pure parts a bank's requests take: the outbox entry that carries an action to the
// submitter (kind `governance`, one action per transaction, never batched with records), the request bodies of the
// governance API, and plain words for the registry's governance reverts.
import type { OutboxEntry } from "../ports/outbox.js";
import { parseAccountAddress } from "./accountAddress.js";
import type { GovernanceAction, MembershipChange } from "./governanceChain.js";
import { recordlessEntry } from "./recordlessEntry.js";
import { unknownFields } from "./unknownFields.js";

/** The outbox entry of `action`, accepted at `at`; `nonceHex` (random) makes its id unique. */
export function governanceEntry(action: GovernanceAction, at: string, nonceHex: string): OutboxEntry {
  const updateId = `governance-${Date.parse(at)}-${nonceHex.toLowerCase().replace(/^0x/, "")}`;
  return { ...recordlessEntry(updateId, "governance", at), governance: action };
}

/** Whether an outbox entry id names a governance action (ids of other entries never start so). */
export function isGovernanceId(id: string): boolean {
  return /^governance-\d+-[0-9a-f]+$/.test(id);
}

/** The body of `POST /api/governance/proposals`: `{"action": "add"|"remove", "account": "0x…"}`. */
export function parseProposalRequest(
  body: unknown,
): { ok: true; action: GovernanceAction } | { ok: false; errors: string[] } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, errors: ['body must be a JSON object such as {"action": "add", "account": "0x…"}'] };
  }
  const fields = body as Record<string, unknown>;
  const errors = unknownFields(fields, ["action", "account"], "");
  const change = fields["action"];
  if (change !== "add" && change !== "remove") errors.push('action must be "add" or "remove"');
  const account = parseAccountAddress(fields["account"], "account");
  if (!account.ok) errors.push(fields["account"] === undefined ? "account is required" : account.error);
  if (errors.length > 0 || !account.ok) return { ok: false, errors };
  return { ok: true, action: { type: "propose", change: change as MembershipChange, account: account.address } };
}

/** A proposal id from a route: a decimal integer without sign or leading zeros, at most 2^53 − 1. */
export function parseProposalId(text: string): { ok: true; proposalId: number } | { ok: false; error: string } {
  const id = Number(text);
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(id)) {
    return { ok: false, error: "proposalId must be a proposal number (a non-negative decimal integer)" };
  }
  return { ok: true, proposalId: id };
}

/** What the registry's governance errors mean, for an operator reading a failed action. */
const REVERT_WORDS: Readonly<Record<string, string>> = {
  NotMember: "this bank is not a member",
  AlreadyMember: "the account is already a member",
  NotAMember: "the account is not a member",
  InvalidAccount: "the account is not valid",
  UnknownProposal: "there is no such proposal",
  ProposalAlreadyExecuted: "the proposal was already executed",
  AlreadyApproved: "this bank already approved the proposal",
  LastMember: "the last member cannot be removed",
};

/** A decoded revert (`AlreadyApproved(3, 0x…)`) in plain words, the decoded form kept after them. */
export function describeGovernanceRevert(decoded: string): string {
  const words = REVERT_WORDS[decoded.split("(")[0] ?? ""];
  return words ? `${words}: ${decoded}` : `reverted: ${decoded}`;
}
