// Bad input gets the error kind the service returns and never takes the emulator down: wrong SAS key, unknown
// entities, oversized messages, sending to a dead-letter queue, malformed transfers, unknown management
// operations and raw garbage on the socket.
import { isServiceBusError, ServiceBusClient } from "@azure/service-bus";
import { connect as tcpConnect } from "node:net";
import rhea from "rhea";
import { describe, expect, it } from "vitest";
import { sasToken, scenarioConfig, useEmulator } from "./harness.js";

const sb = useEmulator(scenarioConfig([{ name: "guarded" }]));

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isServiceBusError(error) ? error.code : `not a ServiceBusError: ${String(error)}`;
}

async function stillServes(): Promise<void> {
  await sb.client().createSender("guarded").sendMessages({ body: "alive" });
  const [m] = await sb
    .client()
    .createReceiver("guarded", { receiveMode: "receiveAndDelete" })
    .receiveMessages(1, { maxWaitTimeInMs: 2000 });
  expect(m?.body).toBe("alive");
}

describe("authorization", () => {
  it("raises UnauthorizedAccess for a connection string with a wrong key", async () => {
    const wrong = sb.emulator().connectionString.replace("SharedAccessKey=SAS_KEY_VALUE", "SharedAccessKey=wrong");
    const client = new ServiceBusClient(wrong, { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } });
    expect(await codeOf(client.createSender("guarded").sendMessages({ body: 1 }))).toBe("UnauthorizedAccess");
    expect(await codeOf(client.createReceiver("guarded").receiveMessages(1, { maxWaitTimeInMs: 500 }))).toBe(
      "UnauthorizedAccess",
    );
    await client.close();
    await stillServes();
  });

  it("raises UnauthorizedAccess for an unknown key name", async () => {
    const wrong = sb.emulator().connectionString.replace("RootManageSharedAccessKey", "SomeoneElse");
    const client = new ServiceBusClient(wrong, { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } });
    expect(await codeOf(client.createSender("guarded").sendMessages({ body: 1 }))).toBe("UnauthorizedAccess");
    await client.close();
  });
});

describe("unknown entities", () => {
  it("raises MessagingEntityNotFound for senders, receivers and management calls", async () => {
    expect(await codeOf(sb.client().createSender("missing").sendMessages({ body: 1 }))).toBe("MessagingEntityNotFound");
    expect(await codeOf(sb.client().createReceiver("missing").receiveMessages(1, { maxWaitTimeInMs: 500 }))).toBe(
      "MessagingEntityNotFound",
    );
    expect(await codeOf(sb.client().createReceiver("missing").peekMessages(1))).toBe("MessagingEntityNotFound");
    await stillServes();
  });
});

describe("message size", () => {
  it("raises MessageSizeExceeded for a message over 256 KiB and keeps serving", async () => {
    const big = "x".repeat(300 * 1024);
    expect(await codeOf(sb.client().createSender("guarded").sendMessages({ body: big }))).toBe("MessageSizeExceeded");
    await stillServes();
  });
});

describe("misuse", () => {
  it("refuses sends to a dead-letter queue", async () => {
    const error = await sb
      .client()
      .createSender("guarded/$DeadLetterQueue")
      .sendMessages({ body: 1 })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/dead-letter queue/);
    await stillServes();
  });

  it("survives malformed transfers, unknown management operations and garbage bytes", async () => {
    const { port } = sb.emulator();
    const container = rhea.create_container();
    const connection = container.connect({ host: "127.0.0.1", port, reconnect: false });
    const audience = `sb://127.0.0.1:${port}/guarded`;
    const rejected = await new Promise<unknown>((resolve) => {
      const cbs = connection.open_sender({ target: { address: "$cbs" } });
      cbs.once("sendable", () => {
        cbs.send({ body: "not a put-token", application_properties: { operation: "nonsense" } });
        cbs.send({
          body: sasToken(audience, "RootManageSharedAccessKey", "SAS_KEY_VALUE"),
          application_properties: { operation: "put-token", name: audience, type: "servicebus.windows.net:sastoken" },
        });
        setTimeout(() => {
          const raw = connection.open_sender({ target: { address: "guarded" } });
          raw.once("sendable", () => raw.send(Buffer.from([0x00, 0x53, 0x75, 0xff, 1, 2, 3]), undefined, 0x80013700));
          raw.once("rejected", (ctx) => resolve(ctx.delivery?.remote_state));
          raw.once("accepted", () => resolve("accepted"));
          raw.once("sender_close", (ctx) => resolve(ctx.sender?.error));
        }, 200);
      });
    });
    expect(JSON.stringify(rejected)).toMatch(/amqp:decode-error/);
    connection.close();
    await new Promise<void>((resolve) => {
      const socket = tcpConnect(port, "127.0.0.1", () => {
        socket.end(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0001garbage"));
      });
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    await stillServes();
  });
});
