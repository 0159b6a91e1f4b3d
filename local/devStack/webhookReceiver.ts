// The one webhook receiver of the local stack: a real HTTP server on 127.0.0.1 that hands every request to an
// `answer` function and replies as it says (a status, later, or never). The tests and benchmarks use
// `startWebhookReceiver` (Standard Webhooks signature check, scripted replies, every request kept); the local
// consortium's partner receivers pass their own `answer` (verification against the chain, injected faults).
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** A request as the receiver got it. */
export interface IncomingWebhook {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What to reply: a status (after `delayInMs`), or `null` to hold the request unanswered until released. */
export type Answer = { status: number; headers?: Record<string, string>; delayInMs?: number } | null;

/** Options for {@link listenForWebhooks}. */
export interface ListenForWebhooksOptions {
  /** Decides the reply to the n-th request (0-based). */
  answer(request: IncomingWebhook, n: number): Answer | Promise<Answer>;
  /** Called once per request with what was replied (`null`: nothing). */
  onAnswered?(request: IncomingWebhook, status: number | null): void;
  /** 0 (default) picks a free port; a taken port falls back to a free one. */
  port?: number;
}

/** A listening webhook server. */
export interface WebhookServer {
  readonly port: number;
  /** Stops listening (callers get connection refused), or listens again on the same port. */
  setListening(listening: boolean): Promise<void>;
  /** Ends every request held unanswered. */
  releaseHeld(): void;
  close(): Promise<void>;
}

/** Starts a webhook server that replies to each request as `options.answer` decides. */
export async function listenForWebhooks(options: ListenForWebhooksOptions): Promise<WebhookServer> {
  const held = new Set<ServerResponse>();
  let count = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const incoming: IncomingWebhook = {
        path: new URL(request.url ?? "/", "http://receiver").pathname,
        headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString("utf8"),
      };
      void Promise.resolve(options.answer(incoming, count++)).then((answer) => {
        options.onAnswered?.(incoming, answer?.status ?? null);
        if (answer === null) return void held.add(response);
        const send = (): void => {
          if (!response.destroyed) response.writeHead(answer.status, answer.headers).end();
        };
        if (answer.delayInMs) setTimeout(send, answer.delayInMs);
        else send();
      });
    });
  });
  const port = await listen(server, options.port ?? 0);
  const releaseHeld = (): void => {
    for (const response of held) response.destroy();
    held.clear();
  };
  return {
    port,
    setListening: (listening) => (listening ? listenOn(server, port) : close(server)),
    releaseHeld,
    close: async () => {
      releaseHeld();
      await close(server);
    },
  };
}

/** The secret to verify with: one for every request, or one per request path (many subscriptions, one server). */
export type ReceiverSecret = string | ((path: string) => string | undefined);

/** What the test receiver replies to its n-th request (0-based). */
export type Reply = { status: number; headers?: Record<string, string>; delayInMs?: number };

/** One request the test receiver got. */
export interface Received {
  id: string;
  body: string;
  signature: string;
  timestamp: string;
  verified: boolean;
  status: number;
}

/** The tests' and benchmarks' receiver. */
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

/**
 * Starts a receiver that checks every request's Standard Webhooks signature with `secret` (401 when it fails) and
 * otherwise answers `reply` (200 by default), on `port` (0 = any free); it keeps every request.
 */
export async function startWebhookReceiver(
  secret: ReceiverSecret,
  reply: (n: number) => Reply = () => ({ status: 200 }),
  port = 0,
): Promise<WebhookReceiver> {
  const state = { secret, reply };
  const received: Received[] = [];
  const deliveredIds = new Set<string>();
  const server = await listenForWebhooks({
    port,
    answer: ({ path, headers, body }, n) => {
      const verified = verifies(typeof state.secret === "string" ? state.secret : state.secret(path), body, headers);
      const answer = state.reply(n);
      const status = verified ? answer.status : 401;
      const id = headers["webhook-id"] ?? "";
      if (verified && status >= 200 && status < 300) deliveredIds.add(id);
      const signature = headers["webhook-signature"] ?? "";
      received.push({ id, body, signature, timestamp: headers["webhook-timestamp"] ?? "", verified, status });
      return { ...answer, status };
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/hooks`,
    received,
    delivered: () => received.filter((r) => r.verified && r.status >= 200 && r.status < 300),
    deliveredIds,
    setSecret: (s) => (state.secret = s),
    setReply: (r) => (state.reply = r),
    close: () => server.close(),
  };
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

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && port !== 0) resolve(listen(server, 0));
      else reject(error);
    });
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function listenOn(server: Server, port: number): Promise<void> {
  if (server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
