import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ServiceBusClient } from "@azure/service-bus";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceBusCheck } from "../../lib/adapters/servicebus/serviceBusCheck.js";
import { storageCheck } from "../../lib/adapters/tables/storageCheck.js";
import { JsonRpcChainProbe } from "../../lib/adapters/evm/jsonRpcChainProbe.js";
import { getHealth, type HealthSettings } from "../../lib/readApi/getHealth.js";
import { startServiceBusEmulator, type ServiceBusEmulator } from "@creditlink/servicebus-emulator/emulator";
import { testStack } from "../stack.js";
import { testProvider } from "../support/chain.js";

const settings: HealthSettings = { maxLagInBlocks: 5, minPeers: 0, feeStrategy: "zero", checkTimeoutInMs: 2_000 };

/** A JSON-RPC node stuck at block 1 that charges for gas. */
async function laggingNode(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      const result = { eth_blockNumber: "0x1", net_peerCount: "0x3", eth_gasPrice: "0x3b9aca00" }[method];
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("getHealth", () => {
  let lagging: { url: string; server: Server };
  let emulator: ServiceBusEmulator;
  let client: ServiceBusClient;

  beforeAll(async () => {
    lagging = await laggingNode();
    const provider = testProvider();
    while ((await provider.getBlockNumber()) < 10) await provider.send("evm_mine", []);
    emulator = await startServiceBusEmulator({
      config: { UserConfig: { Namespaces: [{ Name: "sbemulatorns", Queues: [{ Name: "delivery" }], Topics: [] }] } },
    });
    client = new ServiceBusClient(emulator.connectionString);
  });
  afterAll(async () => {
    lagging.server.close();
    await client.close();
    await emulator.stop();
  });

  it("reports a dead endpoint and a lagging one, and stays writable through the healthy one", async () => {
    const probe = new JsonRpcChainProbe({
      urls: [testStack().anvilRpcUrl, "http://127.0.0.1:1", lagging.url],
      timeoutInMs: 1_000,
    });
    const checks = [
      storageCheck(testStack().storageConnectionString, "healthcheck"),
      serviceBusCheck(client, "delivery"),
    ];
    const report = await getHealth({ probe, checks, settings });
    expect(report).toMatchObject({ status: "degraded", canWrite: true, httpStatus: 200 });
    const [anvil, dead, behind] = report.chain.endpoints;
    expect(anvil).toMatchObject({ ok: true, gasPrice: "0", lagInBlocks: 0, problems: [] });
    expect(dead).toMatchObject({ ok: false, problems: [expect.stringMatching(/unreachable/)] });
    expect(behind?.problems).toEqual([expect.stringMatching(/lagging/), expect.stringMatching(/gas price/)]);
    expect(report.dependencies.map((d) => d.ok)).toEqual([true, true]);
  });

  it("answers 503 when no endpoint is usable or a dependency writes need is down", async () => {
    const deadOnly = new JsonRpcChainProbe({ urls: ["http://127.0.0.1:1"], timeoutInMs: 500 });
    expect(await getHealth({ probe: deadOnly, checks: [], settings })).toMatchObject({
      status: "down",
      httpStatus: 503,
    });
    const probe = new JsonRpcChainProbe({ urls: [testStack().anvilRpcUrl], timeoutInMs: 1_000 });
    const report = await getHealth({ probe, checks: [serviceBusCheck(client, "no-such-queue")], settings });
    expect(report).toMatchObject({ canWrite: false, httpStatus: 503, dependencies: [{ ok: false }] });
  });
});
