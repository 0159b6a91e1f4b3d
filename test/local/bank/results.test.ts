// Reading a bank's results queue: what the layer's result publisher sends comes out as one line per result
// (updateId status reason txHash block) or as JSON, each result is consumed, and --follow waits for more.
import { describe, expect, it } from "vitest";
import { ServiceBusResultPublisher } from "../../../lib/adapters/servicebus/serviceBusResultPublisher.js";
import { resultBody } from "../../../lib/domain/resultIdentity.js";
import type { UpdateResult } from "../../../lib/ports/submission.js";
import { drain, runChild, runInProcess, useConsortium } from "./harness.js";

const sb = useConsortium();

const at = "2026-11-22T10:00:00.000Z";
const tx = "0x" + "ab".repeat(32);
/** Three results; the queue drops a result id it has seen, so each test uses its own update ids. */
const resultsOf = (prefix: string): UpdateResult[] => [
  { updateId: `${prefix}/1`, status: "accepted", at },
  {
    updateId: `${prefix}/2`,
    status: "rejected",
    reason: "subject.id: must be 4–32 letters or digits for national-id",
    at,
  },
  { updateId: `${prefix}/1`, status: "confirmed", txHash: tx, blockNumber: 42, at },
];
const results = resultsOf("bank-a");

async function publish(queue: string, list: readonly UpdateResult[]): Promise<void> {
  const sender = sb.client().createSender(queue);
  await new ServiceBusResultPublisher(sender).publish(list);
  await sender.close();
}

describe("results command", () => {
  it("prints one line per result and consumes them", async () => {
    await publish("bank-a-results", results);
    const run = await runInProcess(["results", "--consortium", sb.file(), "--bank", "bank-a", "--idle-ms", "500"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "bank-a/1 accepted - - -",
      'bank-a/2 rejected "subject.id: must be 4–32 letters or digits for national-id" - -',
      `bank-a/1 confirmed - ${tx} 42`,
    ]);
    expect(run.stderr).toContain("3 result(s) read from bank-a-results");
    expect(await drain(sb.client(), "bank-a-results", 300)).toEqual([]);
  });

  it("prints JSON lines with --json, as a child process", async () => {
    await publish("bank-b-results", results);
    const args = ["results", "--consortium", sb.file(), "--bank", "bank-b", "--json", "--idle-ms", "500"];
    const run = await runChild(args);
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(results.map(resultBody));
  });

  it("keeps reading with --follow until interrupted", async () => {
    const stop = new AbortController();
    const args = ["results", "--consortium", sb.file(), "--bank", "bank-a", "--follow"];
    const running = runInProcess(args, stop.signal);
    await new Promise((r) => setTimeout(r, 1500));
    await publish("bank-a-results", resultsOf("f").slice(0, 1));
    await new Promise((r) => setTimeout(r, 1500));
    await publish("bank-a-results", resultsOf("f").slice(2));
    await new Promise((r) => setTimeout(r, 1500));
    stop.abort();
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual(["f/1 accepted - - -", `f/1 confirmed - ${tx} 42`]);
  });

  it("stops after --max results, leaving the rest on the queue", async () => {
    await publish("bank-a-results", resultsOf("m"));
    const run = await runInProcess(["results", "--consortium", sb.file(), "--bank", "bank-a", "--max", "2"]);
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect((await drain(sb.client(), "bank-a-results", 300)).length).toBe(1);
  });
});
