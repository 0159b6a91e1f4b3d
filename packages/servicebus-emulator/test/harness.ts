// Shared setup for the Service Bus emulator scenarios: one emulator per test file on a free loopback port,
// entities for every scenario, and the real @azure/service-bus client connected to it.
import { ServiceBusClient } from "@azure/service-bus";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { ServiceBusConfigFile } from "../src/config.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "../src/emulator.js";

/** Entities the scenarios use; each test names its own queue so tests never share messages. */
export function scenarioConfig(queues: { name: string; properties?: Record<string, unknown> }[]): ServiceBusConfigFile {
  return {
    UserConfig: {
      Namespaces: [
        { Name: "sbemulatorns", Queues: queues.map((q) => ({ Name: q.name, Properties: q.properties ?? {} })) },
      ],
    },
  };
}

/** Starts an emulator (and an SDK client) for the surrounding test file. */
export function useEmulator(config: ServiceBusConfigFile): {
  emulator(): ServiceBusEmulator;
  client(): ServiceBusClient;
} {
  let emulator: ServiceBusEmulator | undefined;
  let client: ServiceBusClient | undefined;
  beforeAll(async () => {
    emulator = await startServiceBusEmulator({ port: 0, config });
    client = new ServiceBusClient(emulator.connectionString, { retryOptions: { maxRetries: 1, timeoutInMs: 10_000 } });
  });
  afterAll(async () => {
    await client?.close();
    await emulator?.stop();
  });
  return {
    emulator: () => emulator as ServiceBusEmulator,
    client: () => client as ServiceBusClient,
  };
}

/** Queue counts from the inspection endpoint. */
export async function countsOf(emulator: ServiceBusEmulator, queue: string): Promise<Record<string, number>> {
  const response = await fetch(`${emulator.inspectionUrl}/queues/${encodeURIComponent(queue)}`);
  return (await response.json()) as Record<string, number>;
}

/** A SAS token as the SDK builds it, for tests that talk AMQP directly with rhea. */
export function sasToken(audience: string, keyName: string, key: string): string {
  const resource = encodeURIComponent(audience);
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  const sig = encodeURIComponent(createHmac("sha256", key).update(`${resource}\n${expiry}`).digest("base64"));
  return `SharedAccessSignature sr=${resource}&sig=${sig}&se=${expiry}&skn=${keyName}`;
}

/** Waits until `check` passes or the timeout elapses (then throws its last error). */
export async function eventually(check: () => Promise<void> | void, timeoutInMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
