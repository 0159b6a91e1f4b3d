// Reads the JSON body of an admin API request with a size bound: 415 unless the body is declared
// `application/json`, 413 as soon as the declared or streamed length passes the limit (nothing more is read), 400
// for text that is not JSON. The host enforces its own, larger limit on every route before the app runs.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";

/** The largest admin API body read (a subscription or replay body is well under 1 KB). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** The parsed body (undefined when there is none and `optional`), or the response refusing it. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; response: HttpResponseInit };

/** Reads and parses `request`'s body; `optional` lets an empty body through as undefined (replay). */
export async function readJsonBody(
  request: Pick<HttpRequest, "headers" | "body">,
  options: { optional?: boolean; maxBytes?: number } = {},
): Promise<JsonBody> {
  const maxBytes = options.maxBytes ?? MAX_JSON_BODY_BYTES;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return tooLarge(maxBytes);
  const bytes = await readAtMost(request.body, maxBytes);
  if (bytes === null) return tooLarge(maxBytes);
  if (bytes.length === 0 && options.optional) return { ok: true, value: undefined };
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return refuse(415, "the body must be JSON sent as Content-Type: application/json");
  }
  try {
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return refuse(400, "the body is not valid UTF-8 JSON");
  }
}

async function readAtMost(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): JsonBody {
  return refuse(413, `the body must be at most ${maxBytes} bytes`);
}

function refuse(status: number, error: string): JsonBody {
  return { ok: false, response: { status, jsonBody: { errors: [error] } } };
}
