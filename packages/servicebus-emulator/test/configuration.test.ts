// Configuration in the official emulator's Config.json shape: durations, defaults, validation errors,
// auto-forwarding (ForwardTo, ForwardDeadLetteredMessagesTo), and the inspection endpoint's queue listing.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfig, parseDurationInMs, QUEUE_DEFAULTS } from "../src/config.js";
import { countsOf, scenarioConfig, useEmulator } from "./harness.js";

const sb = useEmulator(
  scenarioConfig([
    { name: "front", properties: { ForwardTo: "back" } },
    { name: "back" },
    { name: "dl-source", properties: { ForwardDeadLetteredMessagesTo: "dl-sink" } },
    { name: "dl-sink" },
  ]),
);

describe("parseConfig", () => {
  it("reads the official example file with its ISO-8601 durations", () => {
    const config = parseConfig({
      UserConfig: {
        Namespaces: [
          {
            Name: "sbemulatorns",
            Queues: [
              {
                Name: "queue.1",
                Properties: { LockDuration: "PT1M", DefaultMessageTimeToLive: "PT1H", MaxDeliveryCount: 3 },
              },
            ],
            Topics: [],
          },
        ],
        Logging: { Type: "File" },
      },
    });
    expect(config.namespace).toBe("sbemulatorns");
    expect(config.queues.get("queue.1")).toMatchObject({
      name: "queue.1",
      lockDurationInMs: 60_000,
      defaultMessageTimeToLiveInMs: 3_600_000,
      maxDeliveryCount: 3,
    });
  });

  it("loads the committed example config that the CLI uses by default", () => {
    const config = loadConfigFile(fileURLToPath(new URL("../config.example.json", import.meta.url)));
    expect([...config.queues.values()].map((q) => q.name)).toEqual(["credit-updates", "credit-results"]);
    expect(config.queues.get("credit-updates")).toMatchObject({
      requiresDuplicateDetection: true,
      lockDurationInMs: 60_000,
    });
    expect(config.warnings).toEqual([]);
  });

  it("warns about topics, which are not emulated", () => {
    const doc = scenarioConfig([{ name: "q" }]);
    doc.UserConfig.Namespaces[0]!.Topics = [{ Name: "t" }];
    expect(parseConfig(doc).warnings).toEqual(["topics and subscriptions are not emulated; only queues are served"]);
  });

  it("applies the service defaults to properties a queue leaves out", () => {
    const config = parseConfig(scenarioConfig([{ name: "bare" }]));
    expect(config.queues.get("bare")).toMatchObject(QUEUE_DEFAULTS);
  });

  it("reports every invalid property in one error", () => {
    expect(() =>
      parseConfig(
        scenarioConfig([
          { name: "a", properties: { LockDuration: "one minute", MaxDeliveryCount: 0 } },
          { name: "b", properties: { ForwardTo: "nowhere" } },
        ]),
      ),
    ).toThrow(/MaxDeliveryCount[\s\S]*LockDuration[\s\S]*nowhere/);
    expect(() => parseConfig({})).toThrow(/Namespaces/);
    expect(() =>
      parseConfig(
        scenarioConfig([
          { name: "a", properties: { ForwardTo: "b" } },
          { name: "b", properties: { ForwardTo: "a" } },
        ]),
      ),
    ).toThrow(/forwards in a loop/);
  });

  it("parses durations with days, fractions and TimeSpan.MaxValue", () => {
    expect(parseDurationInMs("P1DT2H")).toBe(93_600_000);
    expect(parseDurationInMs("PT0.5S")).toBe(500);
    expect(parseDurationInMs("P10675199DT2H48M5.4775807S")).toBe(Number.POSITIVE_INFINITY);
    expect(parseDurationInMs("PT")).toBeUndefined();
    expect(parseDurationInMs("5 minutes")).toBeUndefined();
  });
});

describe("auto-forwarding", () => {
  it("forwards messages sent to a queue with ForwardTo", async () => {
    await sb.client().createSender("front").sendMessages({ body: "forwarded" });
    expect(await countsOf(sb.emulator(), "front")).toMatchObject({ active: 0 });
    const [m] = await sb
      .client()
      .createReceiver("back", { receiveMode: "receiveAndDelete" })
      .receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect(m?.body).toBe("forwarded");
  });

  it("forwards dead-lettered messages to ForwardDeadLetteredMessagesTo", async () => {
    await sb.client().createSender("dl-source").sendMessages({ body: "dead" });
    const receiver = sb.client().createReceiver("dl-source");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2000 });
    await receiver.deadLetterMessage(m!, { deadLetterReason: "Forward me", deadLetterErrorDescription: "to the sink" });
    const [forwarded] = await sb
      .client()
      .createReceiver("dl-sink", { receiveMode: "receiveAndDelete" })
      .receiveMessages(1, { maxWaitTimeInMs: 2000 });
    expect([forwarded?.body, forwarded?.deadLetterReason]).toEqual(["dead", "Forward me"]);
  });
});

describe("inspection endpoint", () => {
  it("lists every queue with its counts as JSON, and answers 404 for unknown paths", async () => {
    const response = await fetch(`${sb.emulator().inspectionUrl}/queues`);
    expect(response.headers.get("content-type")).toBe("application/json");
    const queues = (await response.json()) as { name: string }[];
    expect(queues.map((q) => q.name)).toEqual(["front", "back", "dl-source", "dl-sink"]);
    expect(queues[0]).toEqual({
      name: "front",
      active: 0,
      scheduled: 0,
      deferred: 0,
      locked: 0,
      deadLetter: 0,
      receivers: 0,
    });
    expect((await fetch(`${sb.emulator().inspectionUrl}/queues/unknown`)).status).toBe(404);
    expect((await fetch(`${sb.emulator().inspectionUrl}/other`)).status).toBe(404);
    expect(new URL(sb.emulator().inspectionUrl).hostname).toBe("127.0.0.1");
  });
});
