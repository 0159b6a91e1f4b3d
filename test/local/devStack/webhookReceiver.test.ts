// The one webhook receiver: the tests' signature-checking receiver over real HTTP, and the server's held replies,
// outages and port fallback that the local consortium's partner receivers rely on.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { listenForWebhooks, startWebhookReceiver } from "../../../local/devStack/webhookReceiver.js";

const SECRET = "whsec_" + Buffer.from("receiver-test-secret-0000000000").toString("base64");

/** Posts a webhook signed with `secret`. */
async function post(url: string, secret: string, id: string): Promise<number> {
  const body = JSON.stringify({ type: "credit-record.confirmed", data: { id } });
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(id, timestamp, body);
  const headers = { "webhook-id": id, "webhook-timestamp": String(Math.floor(+timestamp / 1000)) };
  const response = await fetch(url, { method: "POST", body, headers: { ...headers, "webhook-signature": signature } });
  return response.status;
}

describe("startWebhookReceiver", () => {
  it("delivers a correctly signed request and answers 401 to one signed with another secret", async () => {
    const receiver = await startWebhookReceiver(SECRET, () => ({ status: 204 }));
    try {
      expect(await post(receiver.url, SECRET, "msg_good")).toBe(204);
      const other = "whsec_" + Buffer.from("another-secret-0000000000000000").toString("base64");
      expect(await post(receiver.url, other, "msg_forged")).toBe(401);
      expect(receiver.received.map((r) => [r.id, r.verified, r.status])).toEqual([
        ["msg_good", true, 204],
        ["msg_forged", false, 401],
      ]);
      expect([...receiver.deliveredIds]).toEqual(["msg_good"]);
    } finally {
      await receiver.close();
    }
  });
});

describe("listenForWebhooks", () => {
  it("holds a request answered with null until released, and reports what it answered", async () => {
    const answered: (number | null)[] = [];
    const server = await listenForWebhooks({ answer: () => null, onAnswered: (_, status) => answered.push(status) });
    try {
      const pending = fetch(`http://127.0.0.1:${server.port}/webhooks`, { method: "POST", body: "{}" });
      const outcome = pending.then(
        () => "answered",
        () => "connection ended",
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered).toEqual([null]);
      server.releaseHeld();
      expect(await outcome).toBe("connection ended");
    } finally {
      await server.close();
    }
  });

  it("refuses connections while down and listens on the same port again", async () => {
    const server = await listenForWebhooks({ answer: () => ({ status: 204 }) });
    const url = `http://127.0.0.1:${server.port}/webhooks`;
    try {
      await server.setListening(false);
      await expect(fetch(url, { method: "POST", body: "{}" })).rejects.toThrow();
      await server.setListening(true);
      expect((await fetch(url, { method: "POST", body: "{}" })).status).toBe(204);
    } finally {
      await server.close();
    }
  });

  it("falls back to a free port when the one asked for is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const server = await listenForWebhooks({ answer: () => ({ status: 204 }), port: taken });
    try {
      expect(server.port).not.toBe(taken);
      expect((await fetch(`http://127.0.0.1:${server.port}/`, { method: "POST", body: "{}" })).status).toBe(204);
    } finally {
      await server.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
