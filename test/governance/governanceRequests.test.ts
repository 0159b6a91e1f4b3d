// The governance use cases with in-memory ports: what a request queues, what it refuses and naming which field, how
// an action reads back, and how members and proposals are listed.
import { describe, expect, it } from "vitest";
import type { GovernanceState } from "../../lib/domain/governanceChain.js";
import { getGovernanceAction } from "../../lib/governance/getGovernanceAction.js";
import { listMembers, listProposals } from "../../lib/governance/listGovernance.js";
import { requestGovernanceAction } from "../../lib/governance/requestGovernanceAction.js";
import { CountingRandom, ManualClock, MemoryOutbox } from "../support/memoryPorts.js";

const self = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const other = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
const state: GovernanceState = {
  blockNumber: 42,
  members: [self, other],
  required: 2,
  proposalCount: 1,
  proposals: [{ id: 0, change: "add", account: other, proposer: self, approvals: 1, executed: false }],
};

function deps() {
  const ledger = {
    governanceState: (limit: number) => Promise.resolve({ ...state, proposals: state.proposals.slice(0, limit) }),
    receipt: () => Promise.resolve(null),
  };
  return {
    outbox: new MemoryOutbox(),
    ledger,
    clock: new ManualClock(),
    random: new CountingRandom(),
    ownAddress: () => Promise.resolve(self),
    settings: { memberNames: new Map([[other.toLowerCase(), "bank-b"]]) },
  };
}

describe("requestGovernanceAction", () => {
  it("queues a proposal as a pending governance entry that carries the head it saw", async () => {
    const d = deps();
    const queued = await requestGovernanceAction(d, {
      type: "propose",
      body: { action: "remove", account: other.toLowerCase() },
    });
    expect(queued).toMatchObject({
      ok: true,
      action: { type: "propose", change: "remove", account: other, seenAtBlock: 42 },
    });
    if (!queued.ok) return;
    expect([...d.outbox.pendingIds]).toEqual([queued.actionId]);
    expect(await getGovernanceAction(d, queued.actionId)).toMatchObject({
      actionId: queued.actionId,
      status: "pending",
    });
  });

  it.each([
    [
      { action: "add", account: other.replace("fB69", "Fb69") },
      "account has a mixed-case checksum that does not match (EIP-55): check for a typo",
    ],
    [{ action: "add", account: "0x1234" }, "account must be 0x followed by 40 hex digits"],
    [{ action: "add" }, "account is required"],
    [{ action: "join", account: other }, 'action must be "add" or "remove"'],
    [{ action: "add", account: other, reason: "x" }, "reason is not a known field"],
    [[], 'body must be a JSON object such as {"action": "add", "account": "0x…"}'],
  ])("refuses %j naming the field", async (body, error) => {
    const d = deps();
    expect(await requestGovernanceAction(d, { type: "propose", body })).toEqual({
      ok: false,
      status: 400,
      errors: [error],
    });
    expect(d.outbox.pendingIds.size).toBe(0);
  });

  it("accepts an upper-case address and answers it checksummed", async () => {
    const queued = await requestGovernanceAction(deps(), {
      type: "propose",
      body: { action: "add", account: "0x" + other.slice(2).toUpperCase() },
    });
    expect(queued).toMatchObject({ ok: true, action: { account: other } });
  });

  it("approves a known proposal, answers 404 for an unknown one and 400 for an id that is not a number", async () => {
    const d = deps();
    expect(await requestGovernanceAction(d, { type: "approve", proposalId: "0" })).toMatchObject({
      ok: true,
      action: { type: "approve", proposalId: 0 },
    });
    expect(await requestGovernanceAction(d, { type: "approve", proposalId: "1" })).toEqual({
      ok: false,
      status: 404,
      errors: ["proposalId: there is no proposal 1"],
    });
    expect(await requestGovernanceAction(d, { type: "approve", proposalId: "01" })).toMatchObject({
      ok: false,
      status: 400,
    });
  });
});

describe("getGovernanceAction", () => {
  it("answers null for an id that is not a governance action's", async () => {
    expect(await getGovernanceAction(deps(), "bank-a/2026/1")).toBeNull();
    expect(await getGovernanceAction(deps(), "governance-1-00ff")).toBeNull();
  });
});

describe("listMembers and listProposals", () => {
  it("names members from the settings and marks this bank", async () => {
    expect(await listMembers(deps())).toEqual({
      blockNumber: 42,
      required: 2,
      members: [
        { address: self, name: null, isSelf: true },
        { address: other, name: "bank-b", isSelf: false },
      ],
    });
  });

  it("lists proposals with approvals of required and open or executed", async () => {
    expect((await listProposals(deps())).proposals).toEqual([
      {
        id: 0,
        action: "add",
        account: other,
        accountName: "bank-b",
        proposer: self,
        approvals: 1,
        required: 2,
        status: "open",
      },
    ]);
  });
});
