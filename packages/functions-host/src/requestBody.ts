// Reads an HTTP request for the host stand-in as the Functions host does: the body up to the request body size
// limit (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, bytes; Azure's default 100 MB), never more, and the request URL from a
// Host header that must name a host. A request over the limit or with a bad Host answers before any function runs.
import type { IncomingMessage } from "node:http";

/** Azure's default request body size limit. */
export const DEFAULT_BODY_LIMIT_IN_BYTES = 104_857_600;

/** The limit from app settings. */
export function bodyLimitInBytes(settings: Readonly<Record<string, string>>): number {
  const value = Number(settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"]);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_BODY_LIMIT_IN_BYTES;
}

const EMPTY = Buffer.alloc(0);

/** What the host still reads, and discards, of a refused body so that the client can read its 413. */
export const LINGER_IN_BYTES = 16 * 1024 * 1024;

/**
 * The body, or "too-large" as soon as the declared or received length passes `limitInBytes`. A refused body is
 * drained and discarded up to LINGER_IN_BYTES more, so that a client still sending it reads the answer and keeps its
 * connection (closing at once would reset it under the client's writes); beyond, the connection is cut.
 */
export function readBody(req: IncomingMessage, limitInBytes: number): Promise<Buffer | "too-large"> {
  // Most GETs carry no body: skip the listeners (a measurable cost at thousands of requests per second).
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
    req.resume();
    return Promise.resolve(EMPTY);
  }
  if (Number(req.headers["content-length"] ?? 0) > limitInBytes) return Promise.resolve(refuse(req));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= limitInBytes) return void chunks.push(chunk);
      stop();
      resolve(refuse(req));
    };
    const onEnd = (): void => {
      stop();
      if (chunks.length === 0) resolve(EMPTY);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const stop = (): void => {
      req.off("data", onData).off("end", onEnd).off("error", onError);
    };
    req.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

function refuse(req: IncomingMessage): "too-large" {
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_IN_BYTES) req.socket.destroy();
  });
  req.resume();
  return "too-large";
}

/** The request's URL, or null when the Host header or the target cannot form one (the caller answers 400). */
export function parseRequestUrl(req: IncomingMessage, port: number): URL | null {
  const host = req.headers.host ?? `127.0.0.1:${port}`;
  const target = req.url ?? "/";
  if (!target.startsWith("/") || target.startsWith("//")) return null;
  try {
    const url = new URL(`http://${host}`);
    if (
      url.pathname !== "/" ||
      url.search !== "" ||
      url.username !== "" ||
      url.host.toLowerCase() !== host.toLowerCase()
    ) {
      return null;
    }
    return new URL(target, url);
  } catch {
    return null;
  }
}
