// A small loopback-only HTTP endpoint for dashboards and tests: per-queue counts (active, scheduled, deferred,
// dead-letter) and a peek at dead-lettered messages, as JSON. Read-only; never exposed beyond 127.0.0.1.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Broker } from "./broker.js";
import type { Entity } from "./entity.js";
import { amqpMessage } from "./rheaInternals.js";
import type { StoredMessage } from "./storedMessage.js";

/** Counts of one queue. */
export interface QueueCounts {
  name: string;
  active: number;
  scheduled: number;
  deferred: number;
  locked: number;
  deadLetter: number;
  /** Receive links attached to the queue (plain receivers, and session receivers holding a session). */
  receivers: number;
}

/** A dead-lettered message as the inspection endpoint shows it. */
export interface DeadLetterView {
  sequenceNumber: number;
  messageId: string;
  sessionId?: string;
  deadLetterReason?: unknown;
  deadLetterErrorDescription?: unknown;
  deliveryCount: number;
  enqueuedTimeUtc: string;
  body: unknown;
}

function countsOf(queue: Entity): QueueCounts {
  return {
    name: queue.name,
    active: queue.activeCount,
    scheduled: queue.scheduledCount,
    deferred: queue.deferredCount,
    locked: queue.locks.size,
    deadLetter: queue.deadLetterQueue?.all.size ?? 0,
    receivers:
      queue.dispatcher.consumers.length + [...(queue.sessions?.entries.values() ?? [])].filter((e) => e.holder).length,
  };
}

function bodyOf(m: StoredMessage): unknown {
  try {
    const body: unknown = amqpMessage.decode(m.body).body;
    const content =
      body && typeof body === "object" && "typecode" in body ? (body as { content?: unknown }).content : body;
    if (!Buffer.isBuffer(content)) return content;
    const text = content.toString("utf8");
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  } catch {
    return null;
  }
}

function deadLetters(queue: Entity, top: number): DeadLetterView[] {
  const views: DeadLetterView[] = [];
  for (const m of queue.deadLetterQueue?.all.values() ?? []) {
    if (views.length >= top) break;
    views.push({
      sequenceNumber: m.seq,
      messageId: m.messageId,
      sessionId: m.sessionId,
      deadLetterReason: m.applicationProperties?.DeadLetterReason,
      deadLetterErrorDescription: m.applicationProperties?.DeadLetterErrorDescription,
      deliveryCount: m.deliveryCount,
      enqueuedTimeUtc: new Date(m.enqueuedAt).toISOString(),
      body: bodyOf(m),
    });
  }
  return views;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function route(broker: Broker, method: string | undefined, path: string | undefined, res: ServerResponse): void {
  const url = new URL(path ?? "/", "http://127.0.0.1");
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (method !== "GET" || parts[0] !== "queues") return send(res, 404, { error: "not found" });
  if (parts.length === 1) return send(res, 200, broker.allQueues().map(countsOf));
  const queue = broker.resolve(parts[1]);
  if (!queue?.deadLetterQueue) return send(res, 404, { error: `queue '${parts[1]}' not found` });
  if (parts.length === 2) return send(res, 200, countsOf(queue));
  if (parts.length === 3 && parts[2] === "deadletter") {
    const top = Math.min(Math.max(Number(url.searchParams.get("top") ?? 100) || 100, 1), 1000);
    return send(res, 200, deadLetters(queue, top));
  }
  return send(res, 404, { error: "not found" });
}

/** Starts the inspection endpoint on 127.0.0.1. */
export async function startInspection(broker: Broker, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    try {
      route(broker, req.method, req.url, res);
    } catch (e) {
      send(res, 500, { error: (e as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
