// `status` and `records` against a small real HTTP server on 127.0.0.1 answering the read API's documented
// shapes: the admin key is sent, the update id is path-encoded, issuers are named by bank, and 404s, refused
// keys and an unreachable host give clear errors.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, consortiumFor, runChild, runInProcess, writeConsortium } from "./harness.js";

const tx = "0x" + "cd".repeat(32);
const timeline = {
  updateId: "bank-a/2026-11-22/run/000001",
  status: "confirmed",
  timeline: [
    { status: "received", at: "2026-11-22T10:00:00.000Z" },
    { status: "accepted", at: "2026-11-22T10:00:00.050Z" },
    { status: "submitted", at: "2026-11-22T10:00:01.000Z", txHash: tx, nonce: 7 },
    { status: "confirmed", at: "2026-11-22T10:00:03.000Z", txHash: tx, blockNumber: 12 },
  ],
};

let server: Server;
let file = "";
let deadHostFile = "";
let deadHostUrl = "";
const requests: { url: string; key: string | undefined; method?: string; body?: string; type?: string }[] = [];

function answer(request: IncomingMessage, sent: string): { status: number; body: unknown } {
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.headers["x-functions-key"] !== "bank-a-admin-key") return { status: 401, body: "" };
  if (url.pathname === `/api/updates/${encodeURIComponent(timeline.updateId)}`) return { status: 200, body: timeline };
  if (url.pathname.startsWith("/api/updates/")) return { status: 404, body: { error: { message: "unknown update" } } };
  if (url.pathname !== "/api/records/search" || request.method !== "POST") return { status: 404, body: "" };
  if ((JSON.parse(sent) as { id?: string }).id !== "199001011234") return { status: 200, body: { records: [] } };
  const record = (issuer: string, score: number, blockNumber: number) => ({
    issuer,
    score,
    scoreModel: "FICO8",
    asOf: String(Date.parse("2026-11-21T09:00:00Z")),
    txHash: tx,
    blockNumber,
  });
  return {
    status: 200,
    body: { records: [record("0x" + "1".repeat(40), 712, 12), record("0x" + "2".repeat(40), 640, 15)] },
  };
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const sent = Buffer.concat(chunks).toString("utf8");
    const key = request.headers["x-functions-key"] as string | undefined;
    const type = request.headers["content-type"];
    requests.push({ url: request.url ?? "", key, method: request.method, body: sent, type });
    const { status, body } = answer(request, sent);
    response.writeHead(status, { "content-type": "application/json" }).end(body === "" ? "" : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const hostUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  file = writeConsortium(
    consortiumFor("Endpoint=sb://127.0.0.1:1;UseDevelopmentEmulator=true", ["bank-a", "bank-b"], hostUrl),
  );
  deadHostUrl = `http://127.0.0.1:${await closedPort()}`;
  deadHostFile = writeConsortium(consortiumFor("Endpoint=sb://127.0.0.1:1", ["bank-a"], deadHostUrl));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("status command", () => {
  it("prints the timeline of an update, asking the bank named by the update id with its admin key", async () => {
    const run = await runInProcess(["status", timeline.updateId, "--consortium", file]);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "bank-a/2026-11-22/run/000001: confirmed",
      "  2026-11-22T10:00:00.000Z  received",
      "  2026-11-22T10:00:00.050Z  accepted",
      `  2026-11-22T10:00:01.000Z  submitted  tx ${tx}  nonce 7`,
      `  2026-11-22T10:00:03.000Z  confirmed  tx ${tx}  block 12`,
    ]);
    expect(requests.at(-1)).toMatchObject({
      url: "/api/updates/bank-a%2F2026-11-22%2Frun%2F000001",
      key: "bank-a-admin-key",
    });
  });

  it("says when the bank does not know the update", async () => {
    const run = await runInProcess(["status", "bank-a/nope", "--consortium", file]);
    expect(run).toMatchObject({ code: 1, stdout: "" });
    expect(run.stderr).toBe('error: bank bank-a has no update "bank-a/nope" (404: unknown update)\n');
  });

  it("says when the admin key is refused", async () => {
    const run = await runInProcess(["status", "x/1", "--bank", "bank-b", "--consortium", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bank-b's read API refused the admin key from the consortium file (401)");
  });

  it("says when the host cannot be reached", async () => {
    const run = await runInProcess(["status", "bank-a/1", "--consortium", deadHostFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `cannot reach bank-a's read API at ${deadHostUrl} (connection refused): is \`npm start\` still running?`,
    );
  });
});

describe("records command", () => {
  it("prints every bank's record, issuers named by bank, as a child process", async () => {
    const args = [
      "records",
      "--scheme",
      "national-id",
      "--country",
      "se",
      "--id",
      "19900101-1234",
      "--consortium",
      file,
    ];
    const run = await runChild(args);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "bank    score  model  asOf                      block  tx",
      `bank-a  712    FICO8  2026-11-21T09:00:00.000Z  12     ${tx}`,
      `bank-b  640    FICO8  2026-11-21T09:00:00.000Z  15     ${tx}`,
    ]);
    // The subject travels in the body, never in the URL (request telemetry records URLs).
    expect(requests.at(-1)).toMatchObject({ url: "/api/records/search", method: "POST", type: "application/json" });
    expect(JSON.parse(requests.at(-1)?.body ?? "")).toEqual({
      scheme: "national-id",
      country: "SE",
      id: "199001011234",
    });
  });

  it("says when no bank has a record, and rejects an invalid id before asking", async () => {
    const base = ["records", "--scheme", "passport", "--country", "SE", "--consortium", file];
    expect((await runInProcess([...base, "--id", "AB1234567"])).stdout).toBe("no bank has a record of this subject\n");
    const invalid = await runInProcess([...base, "--id", "x"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("error: --id must be 5–20 letters or digits for passport");
  });
});
