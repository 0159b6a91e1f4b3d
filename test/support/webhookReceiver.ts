// A real HTTP webhook receiver on 127.0.0.1 (random port) that verifies every request with the standardwebhooks
// package, and answers as the test scripts it (status, headers, delay), to exercise the dispatcher end to end. The
// one receiver of the tests and the distribution benchmark (local/consortium/partnerReceivers.ts is the local
// consortium's partner core system: it verifies against the chain, persists its ports and injects faults).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** The secret to verify with: one for every request, or one per request path (many subscriptions, one server). */
export type ReceiverSecret = string | ((path: string) => string | undefined);

/** What the receiver answers to its n-th request (0-based). */
export type Reply = { status: number; headers?: Record<string, string>; delayInMs?: number };

/** One received request. */
export interface Received {
  id: string;
  body: string;
  signature: string;
  timestamp: string;
  verified: boolean;
  status: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** The requests that were verified and answered 2xx, i.e. delivered. */
  delivered(): Received[];
  /** The distinct webhook ids of {@link WebhookReceiver.delivered}, kept as requests arrive. */
  readonly deliveredIds: ReadonlySet<string>;
  setSecret(secret: ReceiverSecret): void;
  setReply(reply: (n: number) => Reply): void;
  close(): Promise<void>;
}

/** Starts a receiver that verifies with `secret` and answers `reply` (200 by default), on `port` (0 = any free). */
export async function startWebhookReceiver(
  secret: ReceiverSecret,
  reply: (n: number) => Reply = () => ({ status: 200 }),
  port = 0,
): Promise<WebhookReceiver> {
  const state = { secret, reply };
  const received: Received[] = [];
  const deliveredIds = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const verified = verifies(secretFor(state.secret, request.url), body, headers);
      const answer = state.reply(received.length);
      const status = verified ? answer.status : 401;
      if (verified && status >= 200 && status < 300) deliveredIds.add(headers["webhook-id"] ?? "");
      received.push({
        id: headers["webhook-id"] ?? "",
        body,
        signature: headers["webhook-signature"] ?? "",
        timestamp: headers["webhook-timestamp"] ?? "",
        verified,
        status,
      });
      const send = (): void => {
        if (!response.destroyed) response.writeHead(status, answer.headers).end();
      };
      if (answer.delayInMs) setTimeout(send, answer.delayInMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/hooks`,
    received,
    delivered: () => received.filter((r) => r.verified && r.status >= 200 && r.status < 300),
    deliveredIds,
    setSecret: (s) => (state.secret = s),
    setReply: (r) => (state.reply = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function secretFor(secret: ReceiverSecret, url: string | undefined): string | undefined {
  return typeof secret === "string" ? secret : secret(new URL(url ?? "/", "http://receiver").pathname);
}

function verifies(secret: string | undefined, body: string, headers: Record<string, string>): boolean {
  if (secret === undefined) return false;
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}
