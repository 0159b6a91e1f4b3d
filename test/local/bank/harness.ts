// Shared setup for the bank CLI tests: the Service Bus emulator with two banks' queues, a consortium file in a temp
// directory pointing at it, and two ways to run the CLI — in-process through `runBankCli`, and as a child process
// exactly as `npm run bank` would (`node --import tsx local/bank/cli.ts`).
import { ServiceBusClient, type ServiceBusReceivedMessage } from "@azure/service-bus";
import { execFile } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runBankCli } from "../../../local/bank/bankCli.js";
import type { Consortium } from "../../../local/bank/consortium.js";
import { bankQueues, serviceBusConfig } from "../../../local/devStack/bankSettings.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");

/** What one CLI run printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A consortium of `banks` whose read API lives at `hostUrl` (the chain fields are placeholders). */
export function consortiumFor(connectionString: string, banks: string[], hostUrl = "http://127.0.0.1:9"): Consortium {
  return {
    chain: { rpcUrl: "http://127.0.0.1:8545", chainId: 31337, contractAddress: "0x" + "11".repeat(20) },
    serviceBus: { connectionString },
    banks: banks.map((name, i) => ({
      name,
      address: "0x" + String(i + 1).repeat(40),
      inboundQueue: bankQueues(name).inbound,
      resultsQueue: bankQueues(name).results,
      hostUrl,
      adminKey: `${name}-admin-key`,
    })),
  };
}

// Every temp folder a test file made, removed when its tests are done.
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bank-cli-"));
  tempDirs.push(dir);
  return dir;
};

/** Writes `consortium` (or any JSON) to a new temp file; returns its path. */
export function writeConsortium(consortium: unknown): string {
  const file = path.join(tempDir(), "consortium.json");
  writeFileSync(file, JSON.stringify(consortium, null, 2));
  return file;
}

/** Writes `lines` to a new temp NDJSON file; returns its path. */
export function writeLines(lines: readonly string[]): string {
  const file = path.join(tempDir(), "updates.ndjson");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Starts an emulator with bank-a and bank-b's queues and writes their consortium file, for the test file. */
export function useConsortium(): { emulator(): ServiceBusEmulator; client(): ServiceBusClient; file(): string } {
  let emulator: ServiceBusEmulator | undefined;
  let client: ServiceBusClient | undefined;
  let file = "";
  beforeAll(async () => {
    const banks = ["bank-a", "bank-b"];
    emulator = await startServiceBusEmulator({ config: serviceBusConfig(banks, { LockDuration: "PT10S" }) });
    client = new ServiceBusClient(emulator.connectionString);
    file = writeConsortium(consortiumFor(emulator.connectionString, banks));
  });
  afterAll(async () => {
    await client?.close();
    await emulator?.stop();
  });
  return { emulator: () => emulator!, client: () => client!, file: () => file };
}

/** Runs the CLI in-process, capturing what it prints. */
export async function runInProcess(args: readonly string[], signal?: AbortSignal): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runBankCli(args, {
    out: (line) => void (stdout += `${line}\n`),
    err: { write: (text: string) => void (stderr += text) },
    signal,
  });
  return { code, stdout, stderr };
}

/** Runs the CLI as a child process from the repository root, as `npm run bank -- …` does; `stdin` is piped in. */
export function runChild(args: readonly string[], stdin = ""): Promise<CliRun> {
  return new Promise((resolve) => {
    const cli = path.join(root, "local/bank/cli.ts");
    const child = execFile(
      process.execPath,
      ["--import", "tsx", cli, ...args],
      { cwd: root, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

/** Receives and deletes every message on `queue` until it stays empty for `idleInMs`. */
export async function drain(
  client: ServiceBusClient,
  queueName: string,
  idleInMs = 1000,
): Promise<ServiceBusReceivedMessage[]> {
  const receiver = client.createReceiver(queueName, { receiveMode: "receiveAndDelete" });
  const all: ServiceBusReceivedMessage[] = [];
  for (;;) {
    const got = await receiver.receiveMessages(500, { maxWaitTimeInMs: idleInMs });
    if (got.length === 0) break;
    all.push(...got);
  }
  await receiver.close();
  return all;
}

/** A loopback port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
