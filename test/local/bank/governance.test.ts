// `members`, `proposals`, `propose` and `approve` against a small real HTTP server on 127.0.0.1 answering the
// governance API's documented shapes: the admin key on every call, the proposal as a JSON body, the action followed
// until final and printed, a failure exiting 1 with its reason, and the API's field errors shown.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consortiumFor, runInProcess, writeConsortium } from "./harness.js";

const self = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const newcomer = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
const tx = "0x" + "cd".repeat(32);

let server: Server;
let file = "";
const requests: { method: string; url: string; key: unknown; type: unknown; body: string }[] = [];
const polls = new Map<string, number>();

function answer(method: string, url: string, body: string): [number, unknown] {
  if (url === "/api/governance/members") {
    return [200, { blockNumber: 9, required: 2, members: [{ address: self, name: "bank-a", isSelf: true }] }];
  }
  if (method === "GET" && url === "/api/governance/proposals") {
    const proposal = {
      id: 0,
      action: "add",
      account: newcomer,
      accountName: null,
      proposer: self,
      approvals: 1,
      required: 2,
      status: "open",
    };
    return [200, { blockNumber: 9, proposalCount: 1, proposals: [proposal] }];
  }
  if (method === "POST" && url === "/api/governance/proposals") {
    const { account } = JSON.parse(body) as { account: string };
    if (account === "0xbad") return [400, { errors: ["account must be 0x followed by 40 hex digits"] }];
    return [202, { actionId: "governance-1-01", status: "pending" }];
  }
  if (url === "/api/governance/proposals/0/approve") return [202, { actionId: "governance-1-02", status: "pending" }];
  if (url === "/api/governance/proposals/7/approve") return [404, { errors: ["proposalId: there is no proposal 7"] }];
  const id = url.split("/").at(-1) ?? "";
  const n = (polls.get(id) ?? 0) + 1;
  polls.set(id, n);
  if (n < 2) return [200, { actionId: id, status: "submitted", txHash: tx }];
  if (id === "governance-1-02") {
    return [
      200,
      {
        actionId: id,
        status: "failed",
        txHash: tx,
        blockNumber: 12,
        error: "this bank already approved the proposal: AlreadyApproved(0, 0x…)",
      },
    ];
  }
  const result = { proposalId: 0, approvals: 1, required: 2, executed: false };
  return [200, { actionId: id, status: "confirmed", txHash: tx, blockNumber: 11, result }];
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const { method = "", url = "" } = request;
      requests.push({
        method,
        url,
        key: request.headers["x-functions-key"],
        type: request.headers["content-type"],
        body,
      });
      const [status, value] = answer(method, url, body);
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const hostUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  file = writeConsortium(consortiumFor("Endpoint=sb://127.0.0.1:1;UseDevelopmentEmulator=true", ["bank-a"], hostUrl));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("governance commands", () => {
  it("lists members and proposals", async () => {
    const members = await runInProcess(["members", "--consortium", file]);
    expect(members.stdout.trimEnd().split("\n")).toEqual([
      "1 members at block 9; a proposal needs 2 approvals",
      `  ${self}  bank-a  (this bank)`,
    ]);
    const proposals = await runInProcess(["proposals", "--consortium", file]);
    expect(proposals.stdout.trim()).toBe(`#0 add ${newcomer}: 1 of 2 approvals, open, proposed by ${self}`);
  });

  it("proposes with the admin key and a JSON body, waits for the transaction and prints what it did", async () => {
    const run = await runInProcess(["propose", "add", newcomer, "--consortium", file]);
    expect(run.code).toBe(0);
    expect(requests.find((r) => r.method === "POST")).toMatchObject({
      url: "/api/governance/proposals",
      key: "bank-a-admin-key",
      type: "application/json",
      body: JSON.stringify({ action: "add", account: newcomer }),
    });
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "bank-a queued governance-1-01; waiting for its transaction…",
      `confirmed: proposal #0, 1 of 2 approvals, open (tx ${tx}, block 11)`,
    ]);
  });

  it("exits 1 with the reason when the approval fails, and shows the API's refusals", async () => {
    const failed = await runInProcess(["approve", "0", "--consortium", file]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("failed: this bank already approved the proposal: AlreadyApproved(0, 0x…)");
    const unknown = await runInProcess(["approve", "7", "--consortium", file]);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining("there is no proposal 7") });
    const bad = await runInProcess(["propose", "add", "0xbad", "--consortium", file]);
    expect(bad).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("account must be 0x followed by 40 hex digits"),
    });
    const usage = await runInProcess(["propose", "join", newcomer, "--consortium", file]);
    expect(usage.code).toBe(2);
  });
});
