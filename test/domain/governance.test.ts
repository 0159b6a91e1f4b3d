import { describe, expect, it } from "vitest";
import { checksumAddress, parseAccountAddress } from "../../lib/domain/accountAddress.js";
import { describeGovernanceRevert, parseProposalId } from "../../lib/domain/governance.js";
import { governanceResult, requiredApprovals, type GovernanceEvent } from "../../lib/domain/governanceChain.js";
import { assessGovernanceConfirmation } from "../../lib/domain/governanceConfirmation.js";

const us = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const them = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

describe("parseAccountAddress", () => {
  it("computes EIP-55 checksums (the EIP's own examples)", () => {
    for (const a of [
      us,
      them,
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
      expect(checksumAddress(a.toLowerCase())).toBe(a);
  });

  it("accepts lower case, upper case and a correct checksum; refuses a wrong one and the zero address", () => {
    expect(parseAccountAddress(us.toLowerCase(), "account")).toEqual({ ok: true, address: us });
    expect(parseAccountAddress("0x" + us.slice(2).toUpperCase(), "account")).toEqual({ ok: true, address: us });
    expect(parseAccountAddress(us, "account")).toEqual({ ok: true, address: us });
    expect(parseAccountAddress(us.replace("5aA", "5AA"), "account")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^account has a mixed-case checksum/),
    });
    expect(parseAccountAddress("0x" + "0".repeat(40), "account")).toMatchObject({
      ok: false,
      error: "account must not be the zero address",
    });
    expect(parseAccountAddress(12, "account")).toMatchObject({
      ok: false,
      error: "account must be a string (a 0x address)",
    });
  });
});

describe("parseProposalId and describeGovernanceRevert", () => {
  it("takes plain decimal ids only", () => {
    expect(parseProposalId("17")).toEqual({ ok: true, proposalId: 17 });
    for (const bad of ["-1", "1.5", "", "0x1", "9007199254740993", " 1"]) expect(parseProposalId(bad).ok).toBe(false);
  });

  it("puts the registry's errors in plain words and keeps the decoded form", () => {
    expect(describeGovernanceRevert(`AlreadyApproved(3, ${us})`)).toBe(
      `this bank already approved the proposal: AlreadyApproved(3, ${us})`,
    );
    expect(describeGovernanceRevert("Panic(17)")).toBe("reverted: Panic(17)");
  });
});

describe("governanceResult", () => {
  const proposed: GovernanceEvent[] = [
    { kind: "proposed", logIndex: 0, proposalId: 4, change: "add", account: them, proposer: us },
    { kind: "approved", logIndex: 1, proposalId: 4, approver: us, approvals: 1, required: 2 },
  ];

  it("finds our proposal by proposer, change and account, and our approval of it", () => {
    expect(governanceResult({ type: "propose", change: "add", account: them }, proposed, us.toLowerCase())).toEqual({
      proposalId: 4,
      approvals: 1,
      required: 2,
      executed: false,
      logIndex: 1,
    });
    expect(governanceResult({ type: "propose", change: "remove", account: them }, proposed, us)).toBeNull();
    expect(governanceResult({ type: "propose", change: "add", account: them }, proposed, them)).toBeNull();
  });

  it("sees an approval that executed the proposal", () => {
    const events: GovernanceEvent[] = [
      { kind: "approved", logIndex: 5, proposalId: 4, approver: them, approvals: 2, required: 2 },
      { kind: "member-added", logIndex: 6, proposalId: 4, account: them },
    ];
    expect(governanceResult({ type: "approve", proposalId: 4 }, events, them)).toMatchObject({
      approvals: 2,
      executed: true,
    });
    expect(governanceResult({ type: "approve", proposalId: 5 }, events, them)).toBeNull();
  });

  it("needs a strict majority", () => {
    expect([1, 2, 3, 4, 5].map(requiredApprovals)).toEqual([1, 2, 2, 3, 3]);
  });
});

describe("assessGovernanceConfirmation", () => {
  const entry = {
    updateId: "governance-1-01",
    updateIdHash: "0x" + "01".repeat(32),
    subjectKey: "0x" + "00".repeat(32),
  };
  const receipt = (governance: GovernanceEvent[], status: "success" | "reverted" = "success") => ({
    txHash: "0x" + "aa".repeat(32),
    status,
    blockNumber: 10,
    blockHash: "0x" + "bb".repeat(32),
    gasUsed: 90_000n,
    from: us,
    events: [],
    governance,
  });
  const assess = (r: ReturnType<typeof receipt> | null) =>
    assessGovernanceConfirmation(
      { batch: [entry], receipt: r, headBlock: 10, requiredConfirmations: 1, issuer: us },
      { type: "approve", proposalId: 4 },
    );
  const approval: GovernanceEvent = {
    kind: "approved",
    logIndex: 3,
    proposalId: 4,
    approver: us,
    approvals: 2,
    required: 3,
  };

  it("confirms by the action's own event only", () => {
    expect(assess(receipt([approval]))).toMatchObject({
      status: "confirmed",
      outcomes: [{ updateId: entry.updateId, logIndex: 3 }],
    });
    expect(assess(receipt([{ ...approval, approver: them }]))).toEqual({
      status: "unmatched",
      blockNumber: 10,
      outcomes: [],
      missing: [entry.updateId],
    });
    expect(assess(receipt([], "reverted"))).toEqual({ status: "reverted", blockNumber: 10 });
    expect(assess(null)).toEqual({ status: "pending" });
  });
});
