// Durability with `dataDir`: messages (active, locked, scheduled, deferred, dead-lettered), session state and
// sequence numbers survive an emulator restart; without `dataDir` the emulator starts empty.
import { ServiceBusClient } from "@azure/service-bus";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess } from "@creditlink/child-process/childProcess";
import { startServiceBusEmulator } from "../src/emulator.js";
import { countsOf, scenarioConfig } from "./harness.js";

const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

const config = scenarioConfig([
  { name: "durable" },
  { name: "durable-sessions", properties: { RequiresSession: true } },
]);
const dataDir = mkdtempSync(join(tmpdir(), "sb-emulator-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withEmulator<T>(
  dir: string | undefined,
  run: (client: ServiceBusClient, inspect: (q: string) => Promise<Record<string, number>>) => Promise<T>,
): Promise<T> {
  const emulator = await startServiceBusEmulator({ port: 0, config, dataDir: dir });
  const client = new ServiceBusClient(emulator.connectionString);
  try {
    return await run(client, (q) => countsOf(emulator, q));
  } finally {
    await client.close();
    await emulator.stop();
  }
}

describe("persistence", () => {
  it("restores every kind of message and session state after a restart", async () => {
    const deferredSeq = await withEmulator(dataDir, async (client) => {
      const sender = client.createSender("durable");
      await sender.sendMessages([
        { body: "active-1", applicationProperties: { k: "v" } },
        { body: "to-lock" },
        { body: "to-defer" },
        { body: "to-dlq" },
      ]);
      await sender.scheduleMessages({ body: "scheduled" }, new Date(Date.now() + 60_000));
      const receiver = client.createReceiver("durable", { maxAutoLockRenewalDurationInMs: 0 });
      // "active-1" stays locked (unsettled) at shutdown: locks do not survive a restart.
      const [, locked, defer, dead] = await receiver.receiveMessages(4, { maxWaitTimeInMs: 2000 });
      await receiver.abandonMessage(locked!);
      const [relocked] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
      expect(relocked?.body).toBe("to-lock");
      await receiver.deferMessage(defer!);
      await receiver.deadLetterMessage(dead!, { deadLetterReason: "Bad", deadLetterErrorDescription: "kept" });
      await client.createSender("durable-sessions").sendMessages({ body: "in session", sessionId: "S1" });
      const session = await client.acceptSession("durable-sessions", "S1");
      await session.setSessionState("saved");
      await session.close();
      return defer!.sequenceNumber!;
    });

    await withEmulator(dataDir, async (client, inspect) => {
      expect(await inspect("durable")).toMatchObject({
        active: 2,
        scheduled: 1,
        deferred: 1,
        deadLetter: 1,
        locked: 0,
      });
      const receiver = client.createReceiver("durable");
      const got = await receiver.receiveMessages(5, { maxWaitTimeInMs: 1000 });
      expect(got.map((m) => [m.body, m.deliveryCount])).toEqual([
        ["active-1", 0],
        ["to-lock", 1],
      ]);
      expect(got[0]?.applicationProperties).toEqual({ k: "v" });
      for (const m of got) await receiver.completeMessage(m);
      const [deferred] = await receiver.receiveDeferredMessages(deferredSeq);
      expect(deferred?.body).toBe("to-defer");
      await receiver.completeMessage(deferred!);
      const [dead] = await client
        .createReceiver("durable", { subQueueType: "deadLetter" })
        .receiveMessages(1, { maxWaitTimeInMs: 1000 });
      expect([dead?.body, dead?.deadLetterReason, dead?.deadLetterErrorDescription]).toEqual(["to-dlq", "Bad", "kept"]);
      const session = await client.acceptSession("durable-sessions", "S1");
      expect(String(await session.getSessionState())).toBe("saved");
      const [inSession] = await session.receiveMessages(1, { maxWaitTimeInMs: 1000 });
      expect(inSession?.body).toBe("in session");
      await session.completeMessage(inSession!);
      await session.close();
      await client.createSender("durable").sendMessages({ body: "after restart" });
      const [next] = await receiver.peekMessages(1, { fromSequenceNumber: deferredSeq });
      expect(next?.sequenceNumber?.toNumber()).toBeGreaterThan(deferredSeq.toNumber());
    });
  });

  it("keeps every acknowledged send when the emulator process is killed (SIGKILL)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-emulator-kill-"));
    const configPath = join(dir, "config.json");
    writeFileSync(configPath, JSON.stringify(config));
    const start = () =>
      startProcess(
        process.execPath,
        ["--import", "tsx", CLI, "--port", "0", "--config", configPath, "--data-dir", dir],
        {
          readyPattern: /^inspection: (\S+)\/queues$/,
        },
      );
    try {
      const first = await start();
      const connectionString = first.process.output.find((line) => line.startsWith("Endpoint=")) ?? "";
      const client = new ServiceBusClient(connectionString);
      for (let i = 0; i < 20; i++) await client.createSender("durable").sendMessages({ body: i });
      await client.close();
      first.process.child.kill("SIGKILL");
      const second = await start();
      const counts = (await (await fetch(`${second.match[1]}/queues/durable`)).json()) as Record<string, number>;
      await second.process.stop();
      expect(counts).toMatchObject({ active: 20 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never reuses a sequence number after a restart, even when every message was completed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-emulator-seq-"));
    const send = (client: ServiceBusClient) => client.createSender("durable").sendMessages({ body: "x" });
    const receiveOne = async (client: ServiceBusClient) => {
      const receiver = client.createReceiver("durable");
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
      await receiver.completeMessage(message!);
      return Number(message!.sequenceNumber);
    };
    const first = await withEmulator(dir, async (client) => (await send(client), receiveOne(client)));
    const second = await withEmulator(dir, async (client) => (await send(client), receiveOne(client)));
    rmSync(dir, { recursive: true, force: true });
    expect(second).toBeGreaterThan(first);
  });

  it("starts empty without a data directory", async () => {
    await withEmulator(undefined, async (client, inspect) => {
      await client.createSender("durable").sendMessages({ body: "memory only" });
      expect(await inspect("durable")).toMatchObject({ active: 1 });
    });
    await withEmulator(undefined, async (_client, inspect) => {
      expect(await inspect("durable")).toMatchObject({ active: 0, scheduled: 0, deadLetter: 0 });
    });
  });
});
