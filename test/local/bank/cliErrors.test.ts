// The CLI's error paths as a person meets them, run as a child process: no consortium running, an unknown bank,
// malformed file lines, Service Bus gone, usage mistakes — each one readable line on stderr and a non-zero exit.
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateUpdates } from "../../../local/bank/generateUpdates.js";
import { closedPort, consortiumFor, runChild, runInProcess, writeConsortium, writeLines } from "./harness.js";

let deadServiceBus = "";
let file = "";

beforeAll(async () => {
  const port = await closedPort();
  deadServiceBus = writeConsortium(
    consortiumFor(
      `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true;`,
      ["bank-a", "bank-b"],
    ),
  );
  file = writeLines(generateUpdates(3, { bank: "bank-a", seed: "errors" }).map((u) => JSON.stringify(u)));
});

describe("bank CLI errors", () => {
  it("says the consortium is not running when its file is missing", async () => {
    const missing = path.join(os.tmpdir(), "no-such-dir", "consortium.json");
    const run = await runChild(["send", "--bank", "bank-a", "--generate", "5", "--consortium", missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: the consortium is not running: start it with \`npm start\` (no ${missing})\n`);
  });

  it("names an unknown bank and lists the known ones", async () => {
    const run = await runChild(["results", "--bank", "bank-z", "--consortium", deadServiceBus]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: unknown bank "bank-z": the consortium has bank-a, bank-b\n');
  });

  it("reports every malformed line with its line number and field, and sends nothing", async () => {
    const [good] = generateUpdates(1, { bank: "bank-a", seed: "lines" });
    const lines = [
      JSON.stringify(good),
      JSON.stringify({ ...good, updateId: "bank-a/x/2", subject: { scheme: "national-id", country: "SE", id: "12" } }),
      "not json",
      JSON.stringify({ ...good, updateId: "bank-a/x/4", score: "high" }),
      JSON.stringify({ ...good, updateId: "bank-a/x/5", score: 900 }),
    ];
    const run = await runChild([
      "send",
      "--bank",
      "bank-a",
      "--file",
      writeLines(lines),
      "--consortium",
      deadServiceBus,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      "line 2: subject.id: must be 4–32 letters or digits for national-id",
      "line 3: (body): is not valid JSON",
      "line 4: score: must be integer",
      "line 5: score: must be between 300 and 850",
      "error: nothing sent: 4 lines are invalid (fix them, or send the rest with --skip-invalid)",
    ]);
  });

  it("asks whether `npm start` is still running when Service Bus refuses the connection", async () => {
    const run = await runChild(["send", "--bank", "bank-a", "--file", file, "--consortium", deadServiceBus]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: cannot reach Service Bus at 127\.0\.0\.1:\d+ \(connection refused\): is `npm start` still running\?\n$/,
    );
  });

  it("rejects a consortium file without the published fields, naming them", async () => {
    const broken = writeConsortium({ chain: { rpcUrl: "x" }, serviceBus: {}, banks: [{ name: "bank-a" }] });
    const run = await runChild(["results", "--bank", "bank-a", "--consortium", broken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("chain.contractAddress must be a non-empty string");
    expect(run.stderr).toContain("serviceBus.connectionString must be a non-empty string");
    expect(run.stderr).toContain("banks[0].inboundQueue must be a non-empty string");
  });

  it("prints the command list on stderr and exits 2 without a command, on stdout with --help", async () => {
    const bare = await runInProcess([]);
    expect(bare).toMatchObject({ code: 2, stdout: "" });
    expect(bare.stderr).toMatch(/^Usage: npm run bank -- <command>/);
    const help = await runInProcess(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("  results   print (and consume) the results a bank has received");
    expect((await runInProcess(["sned"])).stderr).toBe(
      'error: unknown command "sned" (commands: send, results, status, records, erase, members, proposals, propose, approve, generate)\n',
    );
  });

  it("exits 2 on usage mistakes and prints help for each command", async () => {
    const typo = await runChild(["send", "--bnak", "bank-a"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("error: Unknown option '--bnak'\nrun `npm run bank -- send --help` for usage\n");
    const neither = await runChild(["send", "--bank", "bank-a", "--consortium", deadServiceBus]);
    expect(neither).toMatchObject({ code: 2 });
    expect(neither.stderr).toContain("give either --file <path> or --generate <n>");
    for (const command of ["send", "results", "status", "records", "generate"]) {
      const help = await (command === "send" ? runChild : runInProcess)([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: npm run bank -- ${command} `));
    }
  });
});
