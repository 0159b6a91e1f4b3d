// Accepts a governance request of the API: checks the body or proposal id, notes the chain's head (the submitter's
// dry-run then reads no older state), and queues the action as an outbox entry of kind `governance`, which the
// submitter sends alone, signed with the bank's key in its one nonce sequence. Answers the action id to follow.
import { governanceEntry, parseProposalId, parseProposalRequest } from "../domain/governance.js";
import type { GovernanceAction } from "../domain/governanceChain.js";
import type { Clock, Random } from "../ports/runtime.js";
import type { Ledger } from "../ports/ledger.js";
import type { OutboxStore } from "../ports/outbox.js";

/** What accepting a governance request needs. */
export interface GovernanceRequestDeps {
  outbox: Pick<OutboxStore, "add">;
  ledger: Pick<Ledger, "governanceState">;
  clock: Clock;
  random: Random;
}

/** A proposal (the API's JSON body) or an approval (the proposal id from the route). */
export type GovernanceRequest = { type: "propose"; body: unknown } | { type: "approve"; proposalId: string };

/** The queued action and its id, or why the request is refused (400: the fields; 404: no such proposal). */
export type GovernanceRequestResult =
  { ok: true; actionId: string; action: GovernanceAction } | { ok: false; status: 400 | 404; errors: string[] };

/** Queues the requested governance action. */
export async function requestGovernanceAction(
  deps: GovernanceRequestDeps,
  request: GovernanceRequest,
): Promise<GovernanceRequestResult> {
  const parsed = parse(request);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors };
  const state = await deps.ledger.governanceState(0);
  if (parsed.action.type === "approve" && parsed.action.proposalId >= state.proposalCount) {
    return { ok: false, status: 404, errors: [`proposalId: there is no proposal ${parsed.action.proposalId}`] };
  }
  const action = { ...parsed.action, seenAtBlock: state.blockNumber };
  const entry = governanceEntry(action, deps.clock.now().toISOString(), deps.random.bytesHex(8));
  await deps.outbox.add(entry);
  return { ok: true, actionId: entry.updateId, action };
}

function parse(request: GovernanceRequest): { ok: true; action: GovernanceAction } | { ok: false; errors: string[] } {
  if (request.type === "propose") return parseProposalRequest(request.body);
  const id = parseProposalId(request.proposalId);
  return id.ok
    ? { ok: true, action: { type: "approve", proposalId: id.proposalId } }
    : { ok: false, errors: [id.error] };
}
