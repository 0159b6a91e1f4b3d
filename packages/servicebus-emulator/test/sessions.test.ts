// Sessions with the real SDK: accepting a named session, accepting the next available one (long-polling up
// to the requested timeout), streaming a session, session state and lock renewal, and the session rules of
// senders and receivers. Session locks themselves are in sessionLocks.test.ts.
import { isServiceBusError, ServiceBusClient } from "@azure/service-bus";
import { describe, expect, it } from "vitest";
import { scenarioConfig, useEmulator } from "./harness.js";

const SESSION = { RequiresSession: true, LockDuration: "PT5S" };
const sb = useEmulator(
  scenarioConfig([
    { name: "named", properties: SESSION },
    { name: "next", properties: SESSION },
    { name: "poll", properties: SESSION },
    { name: "state", properties: SESSION },
    { name: "nosession", properties: SESSION },
    { name: "streamed", properties: SESSION },
  ]),
);

const noRenew = { maxAutoLockRenewalDurationInMs: 0 };

describe("accept a named session", () => {
  it("receives and peeks only that session's messages, in order", async () => {
    await sb
      .client()
      .createSender("named")
      .sendMessages([
        { body: "a1", sessionId: "A" },
        { body: "b1", sessionId: "B" },
        { body: "a2", sessionId: "A" },
      ]);
    const receiver = await sb.client().acceptSession("named", "A", noRenew);
    expect(receiver.sessionId).toBe("A");
    expect(receiver.sessionLockedUntilUtc!.getTime()).toBeGreaterThan(Date.now() + 3000);
    const peeked = await receiver.peekMessages(5);
    expect(peeked.map((m) => m.body)).toEqual(["a1", "a2"]);
    const got = await receiver.receiveMessages(5, { maxWaitTimeInMs: 1000 });
    expect(got.map((m) => [m.body, m.sessionId])).toEqual([
      ["a1", "A"],
      ["a2", "A"],
    ]);
    for (const m of got) await receiver.completeMessage(m);
    await receiver.close();
  });
});

describe("subscribe on a session", () => {
  it("streams the session's messages in order and auto-completes them, renewing the session lock", async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => i);
    await sb
      .client()
      .createSender("streamed")
      .sendMessages(bodies.map((body) => ({ body, sessionId: "S-stream" })));
    const receiver = await sb.client().acceptSession("streamed", "S-stream");
    const seen: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = receiver.subscribe({
        processMessage: async (m) => {
          seen.push(m.body as number);
          if (seen.length === bodies.length) setTimeout(() => void sub.close().then(resolve), 100);
        },
        processError: async (args) => reject(args.error),
      });
    });
    expect(seen).toEqual(bodies);
    await receiver.close();
    expect(await sb.client().createReceiver("streamed").peekMessages(1)).toHaveLength(0);
  });
});

describe("accept the next session", () => {
  it("locks a session that has messages and reports its id", async () => {
    await sb.client().createSender("next").sendMessages({ body: "n", sessionId: "S-next" });
    const receiver = await sb.client().acceptNextSession("next", noRenew);
    expect(receiver.sessionId).toBe("S-next");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    await receiver.completeMessage(m!);
    await receiver.close();
  });

  it("waits for a session to get a message instead of failing at once", async () => {
    const client = sb.client();
    const accepting = client.acceptNextSession("poll", noRenew);
    await new Promise((r) => setTimeout(r, 500));
    await client.createSender("poll").sendMessages({ body: "late", sessionId: "S-late" });
    const receiver = await accepting;
    expect(receiver.sessionId).toBe("S-late");
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    expect(m?.body).toBe("late");
    await receiver.completeMessage(m!);
    await receiver.close();
  });

  it("times out with ServiceTimeout when no session becomes available", async () => {
    const client = new ServiceBusClient(sb.emulator().connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 1500 },
    });
    const started = Date.now();
    const error = await client.acceptNextSession("poll", noRenew).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("ServiceTimeout");
    expect(Date.now() - started).toBeGreaterThan(1000);
    await client.close();
  });
});

describe("session state", () => {
  it("stores and returns the session state, and renews the session lock", async () => {
    await sb.client().createSender("state").sendMessages({ body: "s", sessionId: "S-state" });
    const receiver = await sb.client().acceptSession("state", "S-state", noRenew);
    expect(await receiver.getSessionState()).toBeNull();
    await receiver.setSessionState(JSON.stringify({ step: 2 }));
    expect(JSON.parse(String(await receiver.getSessionState()))).toEqual({ step: 2 });
    const before = receiver.sessionLockedUntilUtc!.getTime();
    await new Promise((r) => setTimeout(r, 50));
    await receiver.renewSessionLock();
    expect(receiver.sessionLockedUntilUtc!.getTime()).toBeGreaterThan(before);
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    await receiver.completeMessage(m!);
    await receiver.close();
    const again = await sb.client().acceptSession("state", "S-state", noRenew);
    expect(JSON.parse(String(await again.getSessionState()))).toEqual({ step: 2 });
    await again.close();
  });
});

describe("session requirements", () => {
  it("rejects a message without a session id sent to a session-enabled queue", async () => {
    const error = await sb
      .client()
      .createSender("nosession")
      .sendMessages({ body: "no session" })
      .catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("GeneralError");
    expect(String((error as Error).message)).toMatch(/SessionId/);
  });

  it("refuses a plain receiver on a session-enabled queue", async () => {
    const error = await sb
      .client()
      .createReceiver("nosession")
      .receiveMessages(1, { maxWaitTimeInMs: 500 })
      .catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/requires sessions/);
  });
});
