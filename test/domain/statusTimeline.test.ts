import { describe, expect, it } from "vitest";
import { statusTimeline, type TimelineSource } from "../../lib/domain/statusTimeline.js";

const received = { receivedAt: "t0", acceptedAt: "t0" };

describe("statusTimeline", () => {
  it.each<[string, TimelineSource, string[]]>([
    ["an accepted update", { ...received, status: "accepted" }, ["received", "accepted"]],
    [
      "a submitted update",
      { ...received, status: "submitted", submittedAt: "t1", txHash: "0xa", nonce: 3 },
      ["received", "accepted", "submitted"],
    ],
    [
      "a confirmed update",
      { ...received, status: "confirmed", submittedAt: "t1", finalAt: "t2", txHash: "0xa", nonce: 3, blockNumber: 9 },
      ["received", "accepted", "submitted", "confirmed"],
    ],
    [
      "a rejected update",
      { ...received, status: "rejected", finalAt: "t0", reason: "score: too high" },
      ["received", "accepted", "rejected"],
    ],
    [
      "a requeued update waiting again",
      { ...received, acceptedAt: "t3", status: "accepted", submittedAt: "t1", txHash: "0xa", requeues: 1 },
      ["received", "requeued"],
    ],
  ])("shows %s", (_label, source, statuses) => {
    expect(statusTimeline(source).map((e) => e.status)).toEqual(statuses);
  });

  it("carries the transaction, nonce, block and reason where they apply", () => {
    const timeline = statusTimeline({
      ...received,
      status: "superseded",
      submittedAt: "t1",
      finalAt: "t2",
      txHash: "0xa",
      nonce: 3,
      blockNumber: 9,
      reason: "stale",
    });
    expect(timeline.slice(2)).toEqual([
      { status: "submitted", at: "t1", txHash: "0xa", nonce: 3 },
      { status: "superseded", at: "t2", txHash: "0xa", blockNumber: 9, reason: "stale" },
    ]);
  });
});
