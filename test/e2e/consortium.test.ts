import { ServiceBusClient } from "@azure/service-bus";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreditUpdate } from "../../lib/domain/creditUpdate.js";
import type { UpdateResult } from "../../lib/ports/submission.js";
import { generateUpdates } from "../../local/bank/generateUpdates.js";
import { sendUpdates } from "../../local/bank/sendUpdates.js";
import { startConsortium, type RunningConsortium } from "../../local/consortium/startConsortium.js";
import { jsonRpc } from "../../local/jsonRpc.js";

describe("the local consortium end to end (two banks, partner receivers, privacy scan)", () => {
  let consortium: RunningConsortium;
  let client: ServiceBusClient;
  const results = new Map<string, UpdateResult[]>();

  const localDir = mkdtempSync(path.join(os.tmpdir(), "creditlink-consortium-"));

  beforeAll(async () => {
    consortium = await startConsortium({
      localDir,
      banks: ["bank-a", "bank-b"],
      blockTimeInSeconds: 1,
      gasLimit: 30_000_000,
      fresh: true,
    });
    client = new ServiceBusClient(consortium.file.serviceBus.connectionString);
    for (const bank of consortium.file.banks) {
      client.createReceiver(bank.resultsQueue, { receiveMode: "receiveAndDelete" }).subscribe({
        processMessage: async (message) => {
          const result = message.body as UpdateResult;
          results.set(result.updateId, [...(results.get(result.updateId) ?? []), result]);
        },
        processError: async () => {},
      });
    }
  }, 240_000);
  afterAll(async () => {
    await client?.close();
    await consortium?.stop();
    rmSync(localDir, { recursive: true, force: true });
  });

  const finals = (id: string) => (results.get(id) ?? []).filter((r) => r.status !== "accepted").map((r) => r.status);

  async function waitUntil(done: () => boolean, timeoutInMs: number, state: () => unknown = () => ""): Promise<void> {
    const deadline = Date.now() + timeoutInMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(state())}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("confirms and delivers every bank's updates to the other bank, loses nothing across a host crash, puts no subject on chain", async () => {
    const [a, b] = consortium.file.banks as [(typeof consortium.file.banks)[0], (typeof consortium.file.banks)[0]];
    const fromA = generateUpdates(60, { bank: "bank-a", seed: "consortium-a" });
    const fromB = generateUpdates(60, { bank: "bank-b", seed: "consortium-b" });
    const sender = client.createSender(a.inboundQueue);
    await sender.sendMessages([
      { body: fromA[0], messageId: fromA[0]!.updateId, contentType: "application/json" },
      { body: fromA[0], messageId: fromA[0]!.updateId, contentType: "application/json" },
      {
        body: { ...fromA[1], updateId: "bank-a/bad-country", subject: { ...fromA[1]!.subject, country: "SWE" } },
        messageId: "bank-a/bad-country",
      },
      { body: "{ broken", messageId: "bank-a/bad-json" },
    ]);
    await sender.close();
    await sendUpdates({ client, queue: a.inboundQueue }, fromA.slice(0, 30));
    await sendUpdates({ client, queue: b.inboundQueue }, fromB);
    await waitUntil(
      () => fromA.slice(0, 10).some((u) => results.has(u.updateId)),
      60_000,
      () => "first results",
    );
    await consortium.restartHost("bank-a");
    await sendUpdates({ client, queue: a.inboundQueue }, fromA.slice(30));
    const all: CreditUpdate[] = [...fromA, ...fromB];
    await waitUntil(
      () => all.every((u) => finals(u.updateId).length > 0) && results.has("bank-a/bad-json"),
      150_000,
      () => ({
        missing: all
          .filter((u) => finals(u.updateId).length === 0)
          .map((u) => u.updateId)
          .slice(0, 5),
      }),
    );

    // Exactly one final status each; an update is superseded only when the same bank sent a newer one for the
    // same subject (ingest runs concurrently, so a repeat can be accepted before the update it follows).
    for (const u of all) expect(["confirmed", "superseded"]).toContain(finals(u.updateId).join());
    const bankOf = (u: CreditUpdate) => u.updateId.split("/")[0];
    const key = (u: CreditUpdate) => `${bankOf(u)}|${u.subject.scheme}|${u.subject.country}|${u.subject.id}`;
    for (const u of all.filter((x) => finals(x.updateId)[0] === "superseded")) {
      expect(all.some((v) => v !== u && key(v) === key(u) && Date.parse(v.asOf) > Date.parse(u.asOf))).toBe(true);
    }
    const confirmedFrom = (bank: string) =>
      all.filter((u) => bankOf(u) === bank && finals(u.updateId)[0] === "confirmed").length;
    expect(results.get("bank-a/bad-country")).toEqual([
      expect.objectContaining({ status: "rejected", reason: expect.stringMatching(/^subject\.country: /) }),
    ]);
    expect(results.get("bank-a/bad-json")).toEqual([
      expect.objectContaining({ status: "rejected", reason: "(body): is not valid JSON" }),
    ]);

    const delivered = (bank: string) => consortium.receivers.delivered.get(bank) ?? 0;
    await waitUntil(
      () => delivered("bank-b") >= confirmedFrom("bank-a") && delivered("bank-a") >= confirmedFrom("bank-b"),
      60_000,
      () => ({
        toA: delivered("bank-a"),
        fromB: confirmedFrom("bank-b"),
        toB: delivered("bank-b"),
        fromA: confirmedFrom("bank-a"),
      }),
    );
    await new Promise((r) => setTimeout(r, 3_000)); // nothing more may arrive: each record is delivered once
    expect(delivered("bank-b")).toBe(confirmedFrom("bank-a"));
    expect(delivered("bank-a")).toBe(confirmedFrom("bank-b"));

    const chainText = await everythingOnChain(consortium.file.chain.rpcUrl);
    for (const u of all) {
      for (const form of [u.subject.id, u.subject.id.replace(/[\s./-]/g, "")]) {
        expect(chainText).not.toContain(Buffer.from(form, "utf8").toString("hex").toLowerCase());
      }
    }
  }, 300_000);
});

/** Every transaction input and every log (topics and data) of every block, as one lower-case hex string. */
async function everythingOnChain(rpcUrl: string): Promise<string> {
  const rpc = <T>(method: string, params: unknown[]): Promise<T> => jsonRpc<T>(rpcUrl, method, params);
  const head = Number(await rpc<string>("eth_blockNumber", []));
  const parts: string[] = [];
  for (let n = 0; n <= head; n++) {
    const block = await rpc<{ transactions: { input: string }[] }>("eth_getBlockByNumber", [
      "0x" + n.toString(16),
      true,
    ]);
    for (const tx of block.transactions) parts.push(tx.input);
  }
  const logs = await rpc<{ topics: string[]; data: string }[]>("eth_getLogs", [
    { fromBlock: "0x0", toBlock: "latest" },
  ]);
  for (const log of logs) parts.push(...log.topics, log.data);
  expect(parts.length).toBeGreaterThan(100);
  return parts.join("|").toLowerCase();
}
