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

describe("malformed management requests", () => {
  it("answers each with an error status and keeps serving", async () => {
    const { port } = sb.emulator();
    const connection = rhea.create_container().connect({ host: "127.0.0.1", port, reconnect: false });
    const audience = `sb://127.0.0.1:${port}/guarded/$management`;
    const requests: Record<string, unknown>[] = [
      { operation: "com.microsoft:renew-lock", body: { "lock-tokens": "not an array" } },
      { operation: "com.microsoft:renew-lock", body: { "lock-tokens": [Buffer.alloc(16, 7)] } },
      { operation: "com.microsoft:schedule-message", body: { messages: "x" } },
      { operation: "com.microsoft:schedule-message", body: { messages: [{ message: Buffer.from([1, 2, 3]) }] } },
      { operation: "com.microsoft:update-disposition", body: { "disposition-status": "nonsense" } },
      { operation: "com.microsoft:receive-by-sequence-number", body: { "sequence-numbers": [42] } },
      { operation: "com.microsoft:renew-session-lock", body: {} },
      { operation: "com.microsoft:unknown", body: "not a map" },
    ];
    const statuses = await new Promise<number[]>((resolve) => {
      const cbs = connection.open_sender({ target: { address: "$cbs" } });
      cbs.once("sendable", () => {
        cbs.send({
          body: sasToken(audience, "RootManageSharedAccessKey", "SAS_KEY_VALUE"),
          application_properties: { operation: "put-token", name: audience, type: "servicebus.windows.net:sastoken" },
        });
        setTimeout(() => {
          const replies = connection.open_receiver({ source: { address: "guarded/$management" }, name: "replies" });
          const sender = connection.open_sender({ target: { address: "guarded/$management" } });
          const got = new Map<string, number>();
          replies.on("message", (ctx) => {
            got.set(String(ctx.message?.correlation_id), Number(ctx.message?.application_properties?.statusCode));
            if (got.size === requests.length) resolve(requests.map((_, i) => got.get(`r${i}`) ?? 0));
          });
          sender.once("sendable", () =>
            requests.forEach((r, i) =>
              sender.send({
                message_id: `r${i}`,
                reply_to: "replies",
                application_properties: { operation: r.operation },
                body: r.body,
              }),
            ),
          );
        }, 200);
      });
    });
    connection.close();
    expect(statuses).toEqual([400, 410, 400, 400, 400, 404, 400, 501]);
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
