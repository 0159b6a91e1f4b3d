// Governance as the chain shows it: the membership actions a bank sends (propose adding or removing a member,
// approve a proposal), the registry's membership events decoded from a receipt, its membership state
// read at one block, and the match of a confirmed transaction's events to the action it carried (a status of 1
// proves nothing on its own: the action counts as done only when its own event, by our address, is in the receipt).

/** What a membership proposal does to its account. */
export type MembershipChange = "add" | "remove";

/** One governance transaction of this bank. */
export type GovernanceAction = (
  { type: "propose"; change: MembershipChange; account: string } | { type: "approve"; proposalId: number }
) & {
  /** The head when the bank asked: the submitter's dry-run reads no older state (DESIGN §6.3). */
  seenAtBlock?: number;
};

/** What a confirmed governance transaction did: the proposal it created or approved, and where that stands. */
export interface GovernanceResult {
  proposalId: number;
  approvals: number;
  required: number;
  /** The proposal executed in this transaction (the member was added or removed). */
  executed: boolean;
}

/** A decoded membership event of the CreditRegistry, with its log index in the block. */
export type GovernanceEvent = { logIndex: number } & (
  | { kind: "proposed"; proposalId: number; change: MembershipChange; account: string; proposer: string }
  | { kind: "approved"; proposalId: number; approver: string; approvals: number; required: number }
  | { kind: "member-added" | "member-removed"; proposalId: number; account: string }
);

/** One proposal as the registry holds it (approvals count current members only). */
export interface ProposalState {
  id: number;
  change: MembershipChange;
  account: string;
  /** From the proposal's MembershipProposed event; null when no node could serve the log. */
  proposer: string | null;
  approvals: number;
  executed: boolean;
}

/** The registry's members and latest proposals, read at one block from one node. */
export interface GovernanceState {
  blockNumber: number;
  members: string[];
  /** Approvals a proposal needs now: a strict majority of the current members. */
  required: number;
  proposalCount: number;
  /** The newest proposals, newest first. */
  proposals: ProposalState[];
}

/** Approvals a proposal needs with `memberCount` members (the contract's `members / 2 + 1`). */
export function requiredApprovals(memberCount: number): number {
  return Math.floor(memberCount / 2) + 1;
}

/**
 * What `action`, sent by `sender`, did according to the receipt's events, and the log index of its approval (the
 * event every propose and approve emits); null when its events are missing.
 */
export function governanceResult(
  action: GovernanceAction,
  events: readonly GovernanceEvent[],
  sender: string,
): (GovernanceResult & { logIndex: number }) | null {
  const by = (address: string) => address.toLowerCase() === sender.toLowerCase();
  const proposalId =
    action.type === "approve"
      ? action.proposalId
      : events.find(
          (e) =>
            e.kind === "proposed" &&
            by(e.proposer) &&
            e.change === action.change &&
            e.account.toLowerCase() === action.account.toLowerCase(),
        )?.proposalId;
  if (proposalId === undefined) return null;
  const approval = events.find((e) => e.kind === "approved" && e.proposalId === proposalId && by(e.approver));
  if (approval?.kind !== "approved") return null;
  const executed = events.some(
    (e) => (e.kind === "member-added" || e.kind === "member-removed") && e.proposalId === proposalId,
  );
  const { approvals, required, logIndex } = approval;
  return { proposalId, approvals, required, executed, logIndex };
}
