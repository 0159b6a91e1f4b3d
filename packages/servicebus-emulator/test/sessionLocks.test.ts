// Session locks with the real SDK: SessionCannotBeLocked while another receiver holds a session, release when
// that receiver closes or its connection drops, and SessionLockLost when an unrenewed session lock runs out.
import { isServiceBusError } from "@azure/service-bus";
import rhea from "rhea";
import { describe, expect, it } from "vitest";
import { sasToken, scenarioConfig, useEmulator } from "./harness.js";

const SESSION = { RequiresSession: true, LockDuration: "PT5S" };
const sb = useEmulator(
  scenarioConfig([
    { name: "held", properties: SESSION },
    { name: "dropped", properties: SESSION },
    { name: "expiring", properties: { RequiresSession: true, LockDuration: "PT2S" } },
  ]),
);

const noRenew = { maxAutoLockRenewalDurationInMs: 0 };

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
    await new Promise((r) => setTimeout(r, 2400));
    const error = await receiver.completeMessage(m!).catch((e: unknown) => e);
    expect(isServiceBusError(error) && error.code).toBe("SessionLockLost");
    const again = await sb.client().acceptSession("expiring", "S-exp", noRenew);
    const [redelivered] = await again.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    expect([redelivered?.body, redelivered?.deliveryCount]).toEqual(["e", 1]);
    await again.completeMessage(redelivered!);
    await again.close();
  });
});

describe("dropped connections", () => {
  it("releases a session whose receiver's connection dropped without detaching", async () => {
    await sb.client().createSender("dropped").sendMessages({ body: "d", sessionId: "S-drop" });
    const { port } = sb.emulator();
    const connection = rhea.create_container().connect({ host: "127.0.0.1", port, reconnect: false });
    const audience = `sb://127.0.0.1:${port}/dropped`;
    await new Promise<void>((resolve, reject) => {
      const cbs = connection.open_sender({ target: { address: "$cbs" } });
      cbs.once("sendable", () => {
        cbs.send({
          body: sasToken(audience, "RootManageSharedAccessKey", "SAS_KEY_VALUE"),
          application_properties: { operation: "put-token", name: audience, type: "servicebus.windows.net:sastoken" },
        });
        setTimeout(() => {
          const receiver = connection.open_receiver({
            source: { address: "dropped", filter: { "com.microsoft:session-filter": "S-drop" } },
            credit_window: 0,
            autoaccept: false,
            rcv_settle_mode: 1,
          });
          receiver.once("receiver_open", () => receiver.add_credit(1));
          receiver.once("message", () => resolve());
          receiver.once("receiver_close", () => reject(new Error("session receiver refused")));
        }, 200);
      });
    });
    (connection as unknown as { socket: { destroy(): void } }).socket.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const receiver = await sb.client().acceptSession("dropped", "S-drop", noRenew);
    const [m] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    expect([m?.body, m?.deliveryCount]).toEqual(["d", 1]);
    await receiver.completeMessage(m!);
    await receiver.close();
  });
});
