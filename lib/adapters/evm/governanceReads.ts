// The registry's membership state read so that its parts agree (DESIGN §6.3): the head first, then members,
// proposal count, the newest proposals and their MembershipProposed logs, every call at that explicit block and
// every batch sent to the same endpoint (one pinned reader), so a node behind that block answers NODE_BEHIND.
import { toBeHex, zeroPadValue } from "ethers";
import { AppError } from "../../domain/appError.js";
import { requiredApprovals, type GovernanceState, type ProposalState } from "../../domain/governanceChain.js";
import { decodeGovernanceEvents, GOVERNANCE_TOPICS, PROPOSAL_ACTIONS } from "./governanceEvents.js";
import { registryInterface, type RawLog } from "./registryEvents.js";
import type { PinnedRequest, RpcCall } from "./rpcEndpoint.js";

/** Reads members and the newest `limit` proposals at the endpoint's head. */
export async function readGovernanceState(
  rpc: PinnedRequest,
  query: { contractAddress: string; limit: number },
): Promise<GovernanceState> {
  const head = Number(await rpc<string>("eth_blockNumber", []));
  const block = toBeHex(head);
  const view = (name: string, args: unknown[]): RpcCall => ({
    method: "eth_call",
    params: [{ to: query.contractAddress, data: registryInterface.encodeFunctionData(name, args) }, block],
    abi: registryInterface,
  });
  const [membersData, countData] = await rpc.batch([view("members", []), view("proposalCount", [])]);
  const members = [...(decoded("members", membersData, block)[0] as string[])];
  const proposalCount = Number(decoded("proposalCount", countData, block)[0] as bigint);
  const ids = Array.from({ length: Math.min(query.limit, proposalCount) }, (_, i) => proposalCount - 1 - i);
  const state = { blockNumber: head, members, required: requiredApprovals(members.length), proposalCount };
  if (ids.length === 0) return { ...state, proposals: [] };
  const logFilter = {
    address: query.contractAddress,
    fromBlock: "0x0",
    toBlock: block,
    topics: [GOVERNANCE_TOPICS.MembershipProposed, ids.map((id) => zeroPadValue(toBeHex(id), 32))],
  };
  const answers = await rpc.batch([
    ...ids.map((id) => view("proposal", [id])),
    { method: "eth_getLogs", params: [logFilter] },
  ]);
  const logs = decodeGovernanceEvents(answers.at(-1) as RawLog[], query.contractAddress);
  const proposals = ids.map((id, i): ProposalState => {
    const [action, account, executed, approvals] = decoded("proposal", answers[i], block);
    const proposed = logs.find((e) => e.kind === "proposed" && e.proposalId === id);
    return {
      id,
      change: Number(action) === PROPOSAL_ACTIONS.remove ? "remove" : "add",
      account: String(account),
      proposer: proposed?.kind === "proposed" ? proposed.proposer : null,
      approvals: Number(approvals as bigint),
      executed: Boolean(executed),
    };
  });
  return { ...state, proposals };
}

/** A view's result; an empty answer comes from a node without the registry at that block. */
function decoded(name: string, answer: unknown, block: string): readonly unknown[] {
  if (typeof answer !== "string" || answer === "0x") {
    throw new AppError("NODE_BEHIND", `${name}: no registry state at ${block} on this node`);
  }
  return registryInterface.decodeFunctionResult(name, answer);
}
