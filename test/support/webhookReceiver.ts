// A real HTTP webhook receiver on 127.0.0.1 (random port) that verifies every request with the standardwebhooks
// package, and answers as the test scripts it (status, headers, delay), to exercise the dispatcher end to end.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** What the receiver answers to its n-th request (0-based). */
export type Reply = { status: number; headers?: Record<string, string>; delayInMs?: number };

/** One received request. */
export interface Received {
  id: string;
  body: string;
  signature: string;
  verified: boolean;
  status: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** The requests that were verified and answered 2xx, i.e. delivered. */
  delivered(): Received[];
  setSecret(secret: string): void;
  setReply(reply: (n: number) => Reply): void;
  close(): Promise<void>;
}

/** Starts a receiver that verifies with `secret` and answers `reply` (200 by default), on `port` (0 = any free). */
export async function startWebhookReceiver(
  secret: string,
  reply: (n: number) => Reply = () => ({ status: 200 }),
  port = 0,
): Promise<WebhookReceiver> {
  const state = { secret, reply };
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      let verified = true;
      try {
        new Webhook(state.secret).verify(body, headers);
      } catch {
        verified = false;
      }
      const answer = state.reply(received.length);
      const status = verified ? answer.status : 401;
      received.push({
        id: headers["webhook-id"] ?? "",
        body,
        signature: headers["webhook-signature"] ?? "",
        verified,
        status,
      });
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(status, answer.headers).end();
      }, answer.delayInMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hooks`,
    received,
    delivered: () => received.filter((r) => r.verified && r.status >= 200 && r.status < 300),
    setSecret: (s) => (state.secret = s),
    setReply: (r) => (state.reply = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
