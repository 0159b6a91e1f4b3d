// The components the distribution benchmark runs against: Azurite and the Service Bus emulator as child processes
// (so their CPU is measured apart from ours), the Key Vault stand-in for signing secrets, and a partner receiver
// that verifies every webhook.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { startAzurite, type Azurite } from "../../local/azurite.js";
import { startProcess, type RunningProcess } from "../../local/childProcess.js";
import { startKeyVaultStandIn, type KeyVaultStandIn } from "../../local/keyvault/keyVaultStandIn.js";

/** A receiver that verifies each webhook with its subscription's secret and counts distinct webhook ids. */
export interface BenchReceiver {
  url: string;
  secrets: Map<string, string>;
  /** Distinct webhook ids verified and answered 2xx. */
  delivered: Set<string>;
  requests: number;
  failedVerifications: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<BenchReceiver> {
  const state = { requests: 0, failedVerifications: 0 };
  const secrets = new Map<string, string>();
  const delivered = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      state.requests++;
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const secret = secrets.get(new URL(request.url ?? "/", "http://x").pathname.slice(1));
      try {
        new Webhook(secret ?? "whsec_AAAA").verify(Buffer.concat(chunks).toString("utf8"), headers);
        delivered.add(headers["webhook-id"] ?? "");
        response.writeHead(204).end();
      } catch {
        state.failedVerifications++;
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    delivered,
    get requests() {
      return state.requests;
    },
    get failedVerifications() {
      return state.failedVerifications;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The running components. */
export interface BenchStack {
  azurite: Azurite;
  serviceBus: RunningProcess & { connectionString: string };
  vault: KeyVaultStandIn;
  receiver: BenchReceiver;
  stop(): Promise<void>;
}

/** Starts everything; `queues` are created on the emulator (duplicate detection on, as the bank's are). */
export async function startBenchStack(queues: readonly string[]): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), "dist-bench-"));
  const config = join(dir, "servicebus.json");
  const properties = {
    LockDuration: "PT1M",
    MaxDeliveryCount: 10,
    RequiresDuplicateDetection: true,
    DuplicateDetectionHistoryTimeWindow: "PT10M",
  };
  const entities = queues.map((Name) => ({ Name, Properties: properties }));
  writeFileSync(config, JSON.stringify({ UserConfig: { Namespaces: [{ Name: "bench", Queues: entities }] } }));
  const cli = ["--import", "tsx", "local/servicebus/cli.ts", "--port", "0", "--config", config];
  const [azurite, emulator, vault, receiver] = await Promise.all([
    startAzurite(),
    startProcess(process.execPath, cli, { readyPattern: /^(Endpoint=\S+)$/ }),
    startKeyVaultStandIn(),
    startReceiver(),
  ]);
  const serviceBus = { ...emulator.process, connectionString: emulator.match[1] ?? "" };
  return {
    azurite,
    serviceBus,
    vault,
    receiver,
    stop: async () => {
      await receiver.close();
      await Promise.allSettled([azurite.stop(), serviceBus.stop(), vault.stop()]);
    },
  };
}
