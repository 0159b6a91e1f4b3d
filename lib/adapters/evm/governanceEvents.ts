// Decodes the CreditRegistry's membership events (MembershipProposed, MembershipApproved, MemberAdded,
// MemberRemoved) from raw JSON-RPC logs into domain GovernanceEvents; every other log is left to registryEvents.ts.
import { getAddress } from "ethers";
import type { GovernanceEvent, MembershipChange } from "../../domain/governanceChain.js";
import { registryInterface, type RawLog } from "./registryEvents.js";

const NAMES = ["MembershipProposed", "MembershipApproved", "MemberAdded", "MemberRemoved"] as const;

/** Topic 0 of the membership events, by event name. */
export const GOVERNANCE_TOPICS = Object.fromEntries(
  NAMES.map((name) => [name, registryInterface.getEvent(name)?.topicHash ?? ""]),
) as Record<(typeof NAMES)[number], string>;

const TOPIC_SET = new Set(Object.values(GOVERNANCE_TOPICS));

/** The contract's ProposalAction values (1 = Add, 2 = Remove). */
export const PROPOSAL_ACTIONS: Readonly<Record<MembershipChange, number>> = { add: 1, remove: 2 };

/** The membership events among `logs` of the registry at `contractAddress`. */
export function decodeGovernanceEvents(logs: readonly RawLog[], contractAddress: string): GovernanceEvent[] {
  const address = contractAddress.toLowerCase();
  return logs.flatMap((log) => {
    if (log.address.toLowerCase() !== address || !TOPIC_SET.has(log.topics[0] ?? "")) return [];
    const event = decode(log);
    return event ? [event] : [];
  });
}

function decode(log: RawLog): GovernanceEvent | null {
  const parsed = registryInterface.parseLog({ topics: log.topics, data: log.data });
  if (!parsed) return null;
  const a = parsed.args;
  const proposalId = Number(a["proposalId"] as bigint);
  const logIndex = Number(log.logIndex);
  switch (parsed.name) {
    case "MembershipProposed": {
      const change = Number(a["action"]) === PROPOSAL_ACTIONS.remove ? "remove" : "add";
      return {
        kind: "proposed",
        logIndex,
        proposalId,
        change,
        account: addr(a["account"]),
        proposer: addr(a["proposer"]),
      };
    }
    case "MembershipApproved":
      return {
        kind: "approved",
        logIndex,
        proposalId,
        approver: addr(a["approver"]),
        approvals: Number(a["approvals"] as bigint),
        required: Number(a["required"] as bigint),
      };
    case "MemberAdded":
      return { kind: "member-added", logIndex, proposalId, account: addr(a["account"]) };
    case "MemberRemoved":
      return { kind: "member-removed", logIndex, proposalId, account: addr(a["account"]) };
    default:
      return null;
  }
}

function addr(value: unknown): string {
  return getAddress(String(value));
}
