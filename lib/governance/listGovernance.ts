// The consortium's members and proposals as the governance API answers them: read at one block of one node, with
// members' names from the bank's settings where known and this bank marked.
import type { GovernanceState, MembershipChange } from "../domain/governanceChain.js";
import type { Ledger } from "../ports/ledger.js";

/** The most proposals one answer lists (newest first); a consortium votes rarely. */
export const PROPOSALS_LISTED = 100;

/** What the governance reads need. */
export interface GovernanceReadDeps {
  ledger: Pick<Ledger, "governanceState">;
  ownAddress: () => Promise<string>;
  settings: { memberNames: ReadonlyMap<string, string> };
}

/** A member as the API lists it. */
export interface MemberView {
  address: string;
  name: string | null;
  isSelf: boolean;
}

/** A proposal as the API lists it. */
export interface ProposalView {
  id: number;
  action: MembershipChange;
  account: string;
  accountName: string | null;
  proposer: string | null;
  approvals: number;
  required: number;
  status: "executed" | "open";
}

/** `GET /api/governance/members`. */
export async function listMembers(
  deps: GovernanceReadDeps,
): Promise<{ blockNumber: number; required: number; members: MemberView[] }> {
  const [state, self] = await Promise.all([deps.ledger.governanceState(0), deps.ownAddress()]);
  const members = state.members.map((address) => ({
    address,
    name: nameOf(deps, address),
    isSelf: address.toLowerCase() === self.toLowerCase(),
  }));
  return { blockNumber: state.blockNumber, required: state.required, members };
}

/** `GET /api/governance/proposals`: the newest {@link PROPOSALS_LISTED}. */
export async function listProposals(
  deps: GovernanceReadDeps,
): Promise<{ blockNumber: number; proposalCount: number; proposals: ProposalView[] }> {
  const state: GovernanceState = await deps.ledger.governanceState(PROPOSALS_LISTED);
  const proposals = state.proposals.map((p) => ({
    id: p.id,
    action: p.change,
    account: p.account,
    accountName: nameOf(deps, p.account),
    proposer: p.proposer,
    approvals: p.approvals,
    required: state.required,
    status: p.executed ? ("executed" as const) : ("open" as const),
  }));
  return { blockNumber: state.blockNumber, proposalCount: state.proposalCount, proposals };
}

function nameOf(deps: GovernanceReadDeps, address: string): string | null {
  return deps.settings.memberNames.get(address.toLowerCase()) ?? null;
}
