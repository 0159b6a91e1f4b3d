// Consortium governance through the real local stack with three banks (hosts running the compiled app, Key Vault
// stand-in keys, Service Bus emulator, Azurite, anvil): bank-a proposes a new member, bank-b approves, and the chain
// (read over raw JSON-RPC) and bank-c's API show it; a bad address is refused naming the field; and a governance
// transaction takes its nonce in the same sequence as the bank's record batches, with no gap and each update ending
// once.
import { ServiceBusClient } from "@azure/service-bus";
import { Interface, Wallet } from "ethers";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import type { UpdateResult } from "../../lib/ports/submission.js";
import type { ConsortiumBank } from "../../local/bank/consortium.js";
import { generateUpdates } from "../../local/bank/generateUpdates.js";
import { sendUpdates } from "../../local/bank/sendUpdates.js";
import { startConsortium, type RunningConsortium } from "../../local/consortium/startConsortium.js";
import { jsonRpc } from "../../local/jsonRpc.js";

const registry = new Interface(creditRegistryAbi);

/** The headers App Service Authentication sets for a signed-in principal holding `roles`. */
function principal(roles: string[]): Record<string, string> {
  const claims = roles.map((val) => ({ typ: "roles", val }));
  return {
    "x-ms-client-principal-name": "ops@bank-a.example",
    "x-ms-client-principal": Buffer.from(JSON.stringify({ claims })).toString("base64"),
  };
}

describe("consortium governance end to end (three banks)", () => {
  let consortium: RunningConsortium;
  let client: ServiceBusClient;
  const results = new Map<string, UpdateResult[]>();
  const localDir = mkdtempSync(path.join(os.tmpdir(), "creditlink-governance-"));

  beforeAll(async () => {
    consortium = await startConsortium({
      localDir,
      banks: ["bank-a", "bank-b", "bank-c"],
      blockTimeInSeconds: 1,
      gasLimit: 30_000_000,
      fresh: true,
    });
    client = new ServiceBusClient(consortium.file.serviceBus.connectionString);
    const a = bank("bank-a");
    client.createReceiver(a.resultsQueue, { receiveMode: "receiveAndDelete" }).subscribe({
      processMessage: async (message) => {
        const result = message.body as UpdateResult;
        results.set(result.updateId, [...(results.get(result.updateId) ?? []), result]);
      },
      processError: async () => {},
    });
  }, 300_000);
  afterAll(async () => {
    await client?.close();
    await consortium?.stop();
    rmSync(localDir, { recursive: true, force: true });
  });

  const bank = (name: string): ConsortiumBank => {
    const found = consortium.file.banks.find((b) => b.name === name);
    if (!found) throw new Error(`no ${name}`);
    return found;
  };

  async function api(
    name: string,
    method: string,
    route: string,
    body?: unknown,
    type = "application/json",
    roles?: string[],
  ) {
    const b = bank(name);
    const response = await fetch(new URL(`/api/${route}`, b.hostUrl), {
      method,
      headers: { "x-functions-key": b.adminKey, "content-type": type, ...(roles ? principal(roles) : {}) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
  }

  async function follow(name: string, actionId: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 300; i++) {
      const { body } = await api(name, "GET", `governance/actions/${actionId}`);
      if (body["status"] === "confirmed" || body["status"] === "failed") return body;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${actionId} at ${name} never became final`);
  }

  const rpc = <T>(method: string, params: unknown[]) => jsonRpc<T>(consortium.file.chain.rpcUrl, method, params);
  const view = async (name: string, args: unknown[]) => {
    const data = registry.encodeFunctionData(name, args);
    const answer = await rpc<string>("eth_call", [{ to: consortium.file.chain.contractAddress, data }, "latest"]);
    return registry.decodeFunctionResult(name, answer);
  };

  it("adds a member proposed by bank-a and approved by bank-b, as the chain and bank-c see it", async () => {
    const newcomer = Wallet.createRandom().address;
    const proposed = await api("bank-a", "POST", "governance/proposals", {
      action: "add",
      account: newcomer.toLowerCase(),
    });
    expect(proposed).toMatchObject({
      status: 202,
      body: { status: "pending", action: { change: "add", account: newcomer } },
    });
    const first = await follow("bank-a", String(proposed.body["actionId"]));
    expect(first).toMatchObject({ status: "confirmed", result: { approvals: 1, required: 2, executed: false } });
    const proposalId = (first["result"] as { proposalId: number }).proposalId;

    const listed = await api("bank-b", "GET", "governance/proposals");
    expect((listed.body["proposals"] as unknown[])[0]).toEqual({
      id: proposalId,
      action: "add",
      account: newcomer,
      accountName: null,
      proposer: bank("bank-a").address,
      approvals: 1,
      required: 2,
      status: "open",
    });
    expect((await view("isMember", [newcomer]))[0]).toBe(false);

    const approved = await api("bank-b", "POST", `governance/proposals/${proposalId}/approve`);
    expect(approved.status).toBe(202);
    const second = await follow("bank-b", String(approved.body["actionId"]));
    expect(second).toMatchObject({
      status: "confirmed",
      result: { proposalId, approvals: 2, required: 2, executed: true },
    });
    expect((await view("isMember", [newcomer]))[0]).toBe(true);

    const members = await api("bank-c", "GET", "governance/members");
    expect(members.body["members"]).toEqual([
      { address: bank("bank-a").address, name: "bank-a", isSelf: false },
      { address: bank("bank-b").address, name: "bank-b", isSelf: false },
      { address: bank("bank-c").address, name: "bank-c", isSelf: true },
      { address: newcomer, name: null, isSelf: false },
    ]);
    const again = await api("bank-b", "POST", `governance/proposals/${proposalId}/approve`);
    const refused = await follow("bank-b", String(again.body["actionId"]));
    expect(refused).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^the proposal was already executed: /),
    });
  }, 120_000);

  it("refuses a bad address naming the field, unknown fields, non-JSON bodies, unknown proposals and short roles", async () => {
    const account = Wallet.createRandom().address;
    const flipped =
      account.slice(0, 2) +
      [...account.slice(2)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");
    const typo = await api("bank-a", "POST", "governance/proposals", { action: "add", account: flipped });
    expect(typo).toEqual({
      status: 400,
      body: { errors: ["account has a mixed-case checksum that does not match (EIP-55): check for a typo"] },
    });
    const short = await api("bank-a", "POST", "governance/proposals", { action: "add", account: "0x1234", why: 1 });
    expect(short).toEqual({
      status: 400,
      body: { errors: ["why is not a known field", "account must be 0x followed by 40 hex digits"] },
    });
    expect((await api("bank-a", "POST", "governance/proposals", "action=add", "text/plain")).status).toBe(415);
    expect(await api("bank-a", "POST", "governance/proposals/999/approve")).toEqual({
      status: 404,
      body: { errors: ["proposalId: there is no proposal 999"] },
    });
    const anonymous = await fetch(new URL("/api/governance/proposals", bank("bank-a").hostUrl), { method: "POST" });
    expect(anonymous.status).toBe(401);
    // With App Service Authentication naming a principal, its app role must reach the route's: reads need reader,
    // changes admin; a refusal is audited as denied.
    expect((await api("bank-a", "GET", "governance/members", undefined, undefined, ["reader"])).status).toBe(200);
    const body = { action: "add", account };
    expect((await api("bank-a", "POST", "governance/proposals", body, undefined, ["operator"])).status).toBe(403);
    expect(
      (await api("bank-a", "POST", "governance/proposals/0/approve", undefined, undefined, ["reader"])).status,
    ).toBe(403);
    expect((await api("bank-a", "GET", "governance/proposals", undefined, undefined, [])).status).toBe(403);
    await new Promise((r) => setTimeout(r, 500)); // the host logs a moment after it answers
    const log = readFileSync(path.join(localDir, "logs", "bank-a.log"), "utf8").split("\n");
    const denied = log.filter((l) => l.includes('"event":"audit"') && l.includes('"outcome":"denied"'));
    expect(denied.some((l) => l.includes('"action":"governance.propose"') && l.includes("ops@bank-a.example"))).toBe(
      true,
    );
  }, 60_000);

  it("gives a governance transaction the next nonce between record batches: no gap, each update final once", async () => {
    const a = bank("bank-a");
    const updates = generateUpdates(60, { bank: "bank-a", seed: "governance-nonces" });
    const finals = (id: string) => (results.get(id) ?? []).filter((r) => r.status !== "accepted");
    await sendUpdates({ client, queue: a.inboundQueue }, updates.slice(0, 30));
    // A batch mined first, then the proposal while the second half arrives: batches on both sides of it.
    for (let i = 0; i < 300 && !updates.some((u) => finals(u.updateId).length > 0); i++)
      await new Promise((r) => setTimeout(r, 100));
    const proposed = await api("bank-a", "POST", "governance/proposals", {
      action: "add",
      account: Wallet.createRandom().address,
    });
    await sendUpdates({ client, queue: a.inboundQueue }, updates.slice(30));
    const action = await follow("bank-a", String(proposed.body["actionId"]));
    expect(action["status"]).toBe("confirmed");
    for (let i = 0; i < 600 && !updates.every((u) => finals(u.updateId).length > 0); i++)
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_000)); // a second final result would arrive by now
    for (const u of updates) {
      expect(finals(u.updateId)).toHaveLength(1);
      expect(["confirmed", "superseded"]).toContain(finals(u.updateId)[0]?.status);
    }

    const sent = await transactionsFrom(a.address);
    const count = Number(await rpc<string>("eth_getTransactionCount", [a.address, "latest"]));
    expect(sent.map((tx) => tx.nonce)).toEqual(Array.from({ length: count }, (_, n) => n));
    const governance = sent.find((tx) => tx.hash === action["txHash"]);
    expect(governance?.nonce).toBe(action["nonce"]);
    const batches = sent.filter((tx) => tx.input.startsWith(registry.getFunction("upsertBatch")?.selector ?? "-"));
    expect(batches.some((tx) => tx.nonce < (governance?.nonce ?? 0))).toBe(true);
    expect(batches.some((tx) => tx.nonce > (governance?.nonce ?? 0))).toBe(true);

    // The partner receivers verify against the chain: let them finish before the consortium stops.
    const confirmed = updates.filter((u) => finals(u.updateId)[0]?.status === "confirmed").length;
    const delivered = (name: string) => consortium.receivers.delivered.get(name) ?? 0;
    for (let i = 0; i < 300 && (delivered("bank-b") < confirmed || delivered("bank-c") < confirmed); i++)
      await new Promise((r) => setTimeout(r, 200));
  }, 180_000);

  /** Every transaction `from` sent, in nonce order, read block by block over raw JSON-RPC. */
  async function transactionsFrom(from: string): Promise<{ hash: string; nonce: number; input: string }[]> {
    const head = Number(await rpc<string>("eth_blockNumber", []));
    const found: { hash: string; nonce: number; input: string }[] = [];
    for (let n = 0; n <= head; n++) {
      const block = await rpc<{ transactions: { hash: string; from: string; nonce: string; input: string }[] }>(
        "eth_getBlockByNumber",
        ["0x" + n.toString(16), true],
      );
      for (const tx of block.transactions)
        if (tx.from.toLowerCase() === from.toLowerCase())
          found.push({ hash: tx.hash, nonce: Number(tx.nonce), input: tx.input });
    }
    return found.sort((x, y) => x.nonce - y.nonce);
  }
});
