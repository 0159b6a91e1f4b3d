import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProcess, type RunningProcess } from "@creditlink/child-process/childProcess";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { fixtureApp, HOST_CLI } from "./paths.js";

const dataDir = mkdtempSync(join(tmpdir(), "host-cli-"));
let emulator: ServiceBusEmulator;
let cli: RunningProcess;
let url: string;

beforeAll(async () => {
  const queue = (name: string): Record<string, unknown> => ({ Name: name, Properties: { MaxDeliveryCount: 3 } });
  emulator = await startServiceBusEmulator({
    port: 0,
    config: {
      UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: [queue("orders"), queue("results")] }] },
    } as never,
  });
  const started = await startProcess(
    process.execPath,
    ["--import", "tsx", HOST_CLI, fixtureApp("hostApp"), "--port", "0", "--data-dir", dataDir],
    {
      readyPattern: /Host started on (http:\/\/\S+)/,
      env: { ...process.env, ServiceBusConnection: emulator.connectionString, "AzureWebJobs.tick.Disabled": "true" },
    },
  );
  cli = started.process;
  url = started.match[1] as string;
});
afterAll(async () => {
  await cli?.stop();
  await emulator?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitForEvent(kind: string): Promise<Record<string, unknown> | undefined> {
  for (let i = 0; i < 100; i++) {
    const events = (await (await fetch(`${url}/api/events`)).json()) as Record<string, unknown>[];
    const found = events.find((e) => e.kind === kind);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

describe("the host CLI", () => {
  it("runs Service Bus triggers and output bindings against the emulator", async () => {
    const client = new ServiceBusClient(emulator.connectionString);
    await client.createSender("orders").sendMessages({ body: { id: "cli-1" }, messageId: "cli-1" });
    await client.close();
    expect((await waitForEvent("result"))?.message).toEqual({ orderId: "cli-1", status: "accepted" });
  });

  it("invokes a timer function through the admin endpoint", async () => {
    expect((await fetch(`${url}/admin/functions/retriedTimer`, { method: "POST", body: "{}" })).status).toBe(202);
    expect(await waitForEvent("retriedTimer")).toMatchObject({ retryCount: 0 });
  });

  it("answers host status", async () => {
    expect(await (await fetch(`${url}/admin/host/status`)).json()).toMatchObject({ state: "Running" });
  });
});
