// `erase` against a small real HTTP server on 127.0.0.1 answering the erasure API's documented shapes: the subject
// goes in the DELETE body (never the URL) with the admin key, the report is printed, `--wait` follows the tombstone
// to its transaction, and a 400 names the bank's field errors.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consortiumFor, runInProcess, writeConsortium } from "./harness.js";

const tx = "0x" + "cd".repeat(32);
const tombstoneId = "erasure-1764000000000-ab";
const report = {
  subjectKey: "0x" + "ab".repeat(32),
  removed: { outboxRecords: 2, salts: 2, deliveries: 3, attempts: 5 },
  stoppedDeliveries: 1,
  waitingUpdates: 0,
  inFlightUpdates: 0,
  tombstone: { updateId: tombstoneId, status: "accepted" },
};

let server: Server;
let file = "";
const requests: { method: string; url: string; key: unknown; body: string }[] = [];
let polls = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const { method = "", url = "" } = request;
      requests.push({ method, url, key: request.headers["x-functions-key"], body });
      const send = (status: number, value: unknown) =>
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (method === "DELETE" && url === "/api/subjects") {
        const subject = JSON.parse(body) as { id: string };
        return subject.id === "000000000000" ? send(400, { errors: ["id is required"] }) : send(200, report);
      }
      const status = ++polls < 2 ? "accepted" : "confirmed";
      send(200, { updateId: tombstoneId, status, timeline: [{ status, at: "2026-11-22T10:00:00Z", txHash: tx }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const hostUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  file = writeConsortium(consortiumFor("Endpoint=sb://127.0.0.1:1;UseDevelopmentEmulator=true", ["bank-a"], hostUrl));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("erase command", () => {
  const subject = ["--scheme", "national-id", "--country", "se", "--id", "199001011234"];

  it("sends the subject in the DELETE body with the admin key, prints the report and waits for the tombstone", async () => {
    const run = await runInProcess(["erase", ...subject, "--wait", "--consortium", file]);
    expect(run.code).toBe(0);
    const erased = requests.find((r) => r.method === "DELETE");
    expect(erased).toMatchObject({ url: "/api/subjects", key: "bank-a-admin-key" });
    expect(JSON.parse(erased?.body ?? "")).toEqual({ scheme: "national-id", country: "SE", id: "199001011234" });
    expect(requests.some((r) => r.url.includes("199001011234"))).toBe(false);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      `bank-a erased subject ${report.subjectKey}`,
      "  removed: 2 outbox records, 2 salts, 3 deliveries, 5 attempts",
      "  stopped 1 pending deliveries; 0 waiting updates end failed; 0 in flight",
      `  tombstone ${tombstoneId}: accepted`,
      `tombstone ${tombstoneId}: confirmed tx ${tx}`,
    ]);
  });

  it("reports the bank's field errors", async () => {
    const refused = ["--scheme", "national-id", "--country", "SE", "--id", "000000000000"];
    const run = await runInProcess(["erase", ...refused, "--consortium", file]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("id is required");
  });
});
