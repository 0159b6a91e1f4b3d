// Sessions with the real SDK: accepting a named session, accepting the next available one (long-polling up
// to the requested timeout), session state, session lock renewal, SessionCannotBeLocked when another receiver
// holds the session, and release of the session when its receiver closes.
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
    { name: "held", properties: SESSION },
    { name: "nosession", properties: SESSION },
    { name: "expiring", properties: { RequiresSession: true, LockDuration: "PT1S" } },
  ]),
);

const noRenew = { maxAutoLockRenewalDurationInMs: 0 };

describe("accept a named session", () => {
  it("receives only that session's messages, in order", async () => {
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
    const got = await receiver.receiveMessages(5, { maxWaitTimeInMs: 1000 });
    expect(got.map((m) => [m.body, m.sessionId])).toEqual([
      ["a1", "A"],
      ["a2", "A"],
    ]);
    for (const m of got) await receiver.completeMessage(m);
    await receiver.close();
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

describe("session locks", () => {
  it("refuses a session another receiver holds with SessionCannotBeLocked, and frees it when that receiver closes", async () => {
    await sb
      .client()
      .createSender("held")
      .sendMessages([
        { body: "h1", sessionId: "S-held" },
        { body: "h2", sessionId: "S-held" },
      ]);
    const holder = await sb.client().acceptSession("held", "S-held", noRenew);
    const [m] = await holder.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    const error = await sb
      .client()
      .acceptSession("held", "S-held", noRenew)
      .catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("SessionCannotBeLocked");
    await holder.close();
    const next = await sb.client().acceptSession("held", "S-held", noRenew);
    const got = await next.receiveMessages(2, { maxWaitTimeInMs: 1000 });
    expect(got.map((x) => [x.body, x.deliveryCount])).toEqual([
      [m!.body, 1],
      ["h2", 0],
    ]);
    for (const x of got) await next.completeMessage(x);
    await next.close();
  });
});

describe("session lock expiry", () => {
  it("ends an unrenewed session lock: settling raises SessionLockLost and the message returns to the session", async () => {
    await sb.client().createSender("expiring").sendMessages({ body: "e", sessionId: "S-exp" });
    const receiver = await sb.client().acceptSession("expiring", "S-exp", noRenew);
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    await new Promise((r) => setTimeout(r, 1400));
    const error = await receiver.completeMessage(m!).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("SessionLockLost");
    const again = await sb.client().acceptSession("expiring", "S-exp", noRenew);
    const [redelivered] = await again.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    expect([redelivered?.body, redelivered?.deliveryCount]).toEqual(["e", 1]);
    await again.completeMessage(redelivered!);
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
