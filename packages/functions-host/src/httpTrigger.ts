// HTTP-triggered functions: routing (route prefix, templates, methods, specificity), `authLevel` keys from the
// `x-functions-key` header or `code` query, the request as `RpcHttpData` and the response back from the library's
// `{http}` value. A handler that throws or returns something that is not a response gets a 500, as in Azure.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RpcHttpCookie, RpcHttpData, RpcInvocationResponse } from "./coreTypes.js";
import type { FunctionEntry } from "./functionIndex.js";
import { KEY_ROLE_HEADER, type HttpKeys } from "./httpKeys.js";
import type { Invoker } from "./invoker.js";
import { invokeStreaming } from "./httpStream.js";
import { compileRoute, type RouteTemplate } from "./routes.js";

interface HttpRoute {
  fn: FunctionEntry;
  route: RouteTemplate;
  methods: Set<string> | undefined;
}

/** Routes requests under the route prefix to HTTP-triggered functions. */
export class HttpTriggerRouter {
  readonly #routes: HttpRoute[];
  readonly #prefix: string;
  /** The library's proxy address when the app enabled HTTP streaming. */
  streamProxyUri: string | undefined;

  constructor(
    functions: Iterable<FunctionEntry>,
    routePrefix: string,
    private readonly keys: HttpKeys,
    private readonly invoker: Invoker,
  ) {
    this.#prefix = routePrefix === "" ? "" : `/${routePrefix.toLowerCase()}`;
    this.#routes = [...functions]
      .filter((fn) => fn.trigger.type.toLowerCase() === "httptrigger")
      .map((fn) => {
        const methods = Array.isArray(fn.trigger.methods) ? fn.trigger.methods.map((m) => String(m).toUpperCase()) : [];
        const template = typeof fn.trigger.route === "string" && fn.trigger.route !== "" ? fn.trigger.route : fn.name;
        return { fn, route: compileRoute(template), methods: methods.length > 0 ? new Set(methods) : undefined };
      })
      .sort((a, b) => b.route.literalCount - a.route.literalCount);
  }

  /** Route templates by function name, for the startup banner. */
  describe(): { name: string; methods: string[]; url: string }[] {
    return this.#routes.map((r) => ({
      name: r.fn.name,
      methods: r.methods ? [...r.methods] : ["ALL"],
      url: `${this.#prefix}/${r.route.template.replace(/^\//, "")}`,
    }));
  }

  /** Handles the request if a function matches; returns false to let the caller answer 404. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
    const path = url.pathname;
    const lower = path.toLowerCase();
    if (this.#prefix !== "" && lower !== this.#prefix && !lower.startsWith(`${this.#prefix}/`)) return false;
    const rest = path.slice(this.#prefix.length);
    const method = (req.method ?? "GET").toUpperCase();
    for (const candidate of this.#routes) {
      if (candidate.methods && !candidate.methods.has(method)) continue;
      const params = candidate.route.match(rest);
      if (!params) continue;
      const key = headerValue(req.headers["x-functions-key"]) ?? url.searchParams.get("code") ?? undefined;
      if (!this.keys.authorize(candidate.fn.trigger.authLevel, candidate.fn.name, key)) {
        res.writeHead(401).end();
        return true;
      }
      await this.#invoke(candidate.fn, req, res, url, body, params, method, this.keys.role(key));
      return true;
    }
    return false;
  }

  async #invoke(
    fn: FunctionEntry,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    params: Record<string, string>,
    method: string,
    role: string,
  ): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    // Only the host says who called: a client's own copy of the header never reaches the app.
    headers[KEY_ROLE_HEADER] = role;
    if (this.streamProxyUri) {
      return invokeStreaming(this.invoker, fn, this.streamProxyUri, { req, res, url, body, params, headers });
    }
    const http: RpcHttpData = {
      method,
      url: url.href,
      headers,
      query: Object.fromEntries(url.searchParams),
      params,
      body: body.length > 0 ? { bytes: body } : null,
    };
    let response: RpcInvocationResponse;
    try {
      response = await this.invoker.invoke(fn, {
        triggerData: { http },
        reason: `This function was programmatically called via the host APIs.`,
      });
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
      return;
    }
    const out = httpOutput(fn, response);
    if (!out) {
      res.writeHead(204).end();
      return;
    }
    const status = Number(out.statusCode ?? 200) || 200;
    const responseHeaders: Record<string, string | string[]> = { ...(out.headers ?? {}) };
    const cookies = (out.cookies ?? []).map(formatCookie);
    if (cookies.length > 0) responseHeaders["set-cookie"] = cookies;
    const payload =
      out.body?.bytes ?? (typeof out.body?.string === "string" ? Buffer.from(out.body.string) : undefined);
    res
      .writeHead(status, responseHeaders)
      .end(payload ? Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength) : undefined);
  }
}

function httpOutput(fn: FunctionEntry, response: RpcInvocationResponse): RpcHttpData | undefined {
  const binding = fn.outputs.find((b) => b.type.toLowerCase() === "http");
  if (!binding) return undefined;
  const data =
    binding.name === "$return" ? response.returnValue : response.outputData?.find((o) => o.name === binding.name)?.data;
  return data?.http ?? undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// The protocol's 'none' means "not set"; 'explicitNone' is `SameSite=None`.
const SAME_SITE: Record<string, string> = { lax: "Lax", strict: "Strict", explicitnone: "None" };

function formatCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ""}=${cookie.value ?? ""}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const expires = cookie.expires?.value;
  if (expires?.seconds !== undefined && expires.seconds !== null)
    parts.push(`Expires=${new Date(Number(expires.seconds) * 1000).toUTCString()}`);
  if (cookie.maxAge?.value !== undefined && cookie.maxAge.value !== null) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push("Secure");
  if (cookie.httpOnly?.value) parts.push("HttpOnly");
  const sameSite = String(cookie.sameSite ?? "none").toLowerCase();
  if (SAME_SITE[sameSite]) parts.push(`SameSite=${SAME_SITE[sameSite]}`);
  return parts.join("; ");
}
