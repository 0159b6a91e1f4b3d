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

/** The body, or "too-large" as soon as the declared or received length passes `limitInBytes`. */
export async function readBody(req: IncomingMessage, limitInBytes: number): Promise<Buffer | "too-large"> {
  // Most GETs carry no body: skip the async iterator (a measurable cost at thousands of requests per second).
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
    req.resume();
    return EMPTY;
  }
  if (Number(req.headers["content-length"] ?? 0) > limitInBytes) return "too-large";
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > limitInBytes) return "too-large";
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return EMPTY;
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
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
