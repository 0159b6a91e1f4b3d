// HTTP streaming (`app.setup({ enableHttpStream: true })`): as the Functions host does, the request is forwarded to
// the library's own proxy server with `x-ms-invocation-id`, the invocation carries headers and route values in its
// trigger metadata, and the proxy's response is piped back to the caller.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { RpcTypedData } from "./coreTypes.js";
import type { FunctionEntry } from "./functionIndex.js";
import type { Invoker } from "./invoker.js";

/** What a streamed invocation needs from the router. */
export interface StreamedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  params: Record<string, string>;
  headers: Record<string, string>;
}

/** Invokes `fn` in streaming mode through the library's proxy at `proxyUri`. */
export async function invokeStreaming(
  invoker: Invoker,
  fn: FunctionEntry,
  proxyUri: string,
  call: StreamedRequest,
): Promise<void> {
  const { req, res, url, body, params, headers } = call;
  const invocationId = randomUUID();
  const forwarded = httpRequest(new URL(`${url.pathname}${url.search}`, proxyUri), {
    method: req.method,
    headers: {
      ...headers,
      "x-ms-invocation-id": invocationId,
      "x-forwarded-host": url.host,
      "x-forwarded-proto": "http",
    },
  });
  forwarded.on("response", (proxied) => {
    const { "x-ms-invocation-id": _id, ...responseHeaders } = proxied.headers;
    res.writeHead(proxied.statusCode ?? 200, responseHeaders);
    proxied.pipe(res);
  });
  forwarded.on("error", () => {
    if (!res.headersSent) res.writeHead(500).end();
  });
  forwarded.end(body.length > 0 ? body : undefined);
  const triggerMetadata: Record<string, RpcTypedData> = { Headers: { json: JSON.stringify(headers) } };
  for (const [name, value] of Object.entries(params)) triggerMetadata[name] = { string: value };
  try {
    await invoker.invoke(fn, {
      invocationId,
      triggerData: { http: { method: req.method ?? "GET", url: url.href, headers, params } },
      triggerMetadata,
      reason: "This function was programmatically called via the host APIs.",
    });
  } catch {
    forwarded.destroy();
    if (!res.headersSent) res.writeHead(500).end();
  }
}
