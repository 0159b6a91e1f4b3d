// The durable HTTP API, as Azure has it under `/runtime/webhooks/durabletask/` with the Durable extension's system
// key (or the master key) as `x-functions-key` (401 without), and under the in-process JS client's secret
// `rpcBaseUrl`: start, status (one or filtered), raise event, terminate, suspend, resume, purge (one or by filter),
// with the extension's status codes. Rewind and entities answer 501. No answer carries a key.
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkStatusPayload, rpcPrefix } from "./clientBinding.js";
import type { DurableRuntime, DurableStatus, OperationResult } from "./runtime.js";

const WEBHOOK_PREFIX = "/runtime/webhooks/durabletask/";
const RUNNING = new Set(["Pending", "Running", "ContinuedAsNew", "Suspended"]);

/** Serves the request if it targets the durable API; false otherwise. */
export async function handleDurableHttp(
  durable: DurableRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<boolean> {
  const prefix = durablePrefix(durable, url);
  if (prefix === undefined) return false;
  if (prefix === null) {
    res.writeHead(404).end();
    return true;
  }
  if (prefix === WEBHOOK_PREFIX) {
    const header = req.headers["x-functions-key"];
    const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("code") ?? undefined;
    if (!durable.options.keys.authorizeDurable(key)) {
      res.writeHead(401).end();
      return true;
    }
  }
  const parts = url.pathname.slice(prefix.length).split("/").map(decodeURIComponent);
  const method = req.method ?? "GET";
  const q = url.searchParams;
  if (parts[0] === "orchestrators" && method === "POST" && parts[1]) {
    await start(durable, res, parts[1], parts[2] || undefined, body, q);
  } else if (parts[0] === "instances" && (parts[1] ?? "") === "") {
    if (method === "GET") send(res, 200, filter(durable.listStatuses(), q));
    else if (method === "DELETE") {
      const purged = filter(durable.listStatuses(), q).filter((s) => durable.purge(s.instanceId)).length;
      send(res, purged > 0 ? 200 : 404, { instancesDeleted: purged });
    } else res.writeHead(405).end();
  } else if (parts[0] === "instances" && parts[1]) {
    await instanceRoute(durable, res, method, parts[1], parts.slice(2), body, q);
  } else if (parts[0] === "entities") {
    send(res, 501, { message: "Durable entities are not supported by the local host" });
  } else res.writeHead(404).end();
  return true;
}

/** The API prefix `url` is under; null for a `/durabletask` path that is not the client's; undefined if neither. */
function durablePrefix(durable: DurableRuntime, url: URL): string | null | undefined {
  const rpc = rpcPrefix(durable.options.keys);
  // Case-sensitive: the client's path segment is its secret.
  if (url.pathname.startsWith(rpc)) return rpc;
  const path = url.pathname.toLowerCase();
  if (path.startsWith(WEBHOOK_PREFIX)) return WEBHOOK_PREFIX;
  return path === "/durabletask" || path.startsWith("/durabletask/") ? null : undefined;
}

async function start(
  durable: DurableRuntime,
  res: ServerResponse,
  name: string,
  instanceId: string | undefined,
  body: Buffer,
  q: URLSearchParams,
): Promise<void> {
  let input: unknown;
  try {
    input = body.length > 0 ? (JSON.parse(body.toString("utf8")) as unknown) : undefined;
  } catch {
    return send(res, 400, { message: "The request body is not valid JSON" });
  }
  let id: string;
  try {
    id = await durable.startNew(name, { instanceId, input });
  } catch (error) {
    return send(res, /already exists/.test(String(error)) ? 409 : 400, {
      message: error instanceof Error ? error.message : String(error),
    });
  }
  const payload = checkStatusPayload(durable.options, id);
  const timeout = q.get("timeout");
  if (timeout) {
    const status = await durable.waitForCompletion(id, Number(timeout) * 1000).catch(() => undefined);
    if (status?.runtimeStatus === "Completed") return send(res, 200, status.output);
  }
  send(res, 202, payload, { Location: payload.statusQueryGetUri as string, "Retry-After": "10" });
}

async function instanceRoute(
  durable: DurableRuntime,
  res: ServerResponse,
  method: string,
  id: string,
  rest: string[],
  body: Buffer,
  q: URLSearchParams,
): Promise<void> {
  const reason = q.get("reason") ?? "";
  if (rest.length === 0 && method === "GET") {
    const status = durable.getStatus(id, {
      showHistory: q.get("showHistory") === "true",
      showInput: q.get("showInput") !== "false",
    });
    if (!status) return send(res, 404, { message: `No instance with ID '${id}' found.` });
    if (RUNNING.has(status.runtimeStatus)) {
      const location = checkStatusPayload(durable.options, id).statusQueryGetUri as string;
      return send(res, 202, status, { Location: location, "Retry-After": "5" });
    }
    const failedAs500 = status.runtimeStatus === "Failed" && q.get("returnInternalServerErrorOnFailure") === "true";
    return send(res, failedAs500 ? 500 : 200, status);
  }
  if (rest.length === 0 && method === "DELETE") {
    const purged = durable.purge(id);
    return send(res, purged ? 200 : 404, { instancesDeleted: purged ? 1 : 0 });
  }
  if (method !== "POST") return void res.writeHead(405).end();
  const [operation, eventName] = rest;
  let result: OperationResult;
  if (operation === "raiseEvent" && eventName) {
    let data: unknown;
    try {
      data = body.length > 0 ? (JSON.parse(body.toString("utf8")) as unknown) : undefined;
    } catch {
      return send(res, 400, { message: "Only application/json request content is supported" });
    }
    result = await durable.raiseEvent(id, eventName, data);
  } else if (operation === "terminate") result = await durable.terminate(id, reason);
  else if (operation === "suspend") result = await durable.suspend(id, reason);
  else if (operation === "resume") result = await durable.resume(id, reason);
  else if (operation === "rewind" || operation === "restart")
    return send(res, 501, { message: `${operation} is not supported by the local host` });
  else return void res.writeHead(404).end();
  const status = result === "accepted" ? 202 : result === "gone" ? 410 : 404;
  res.writeHead(status).end();
}

function filter(statuses: DurableStatus[], q: URLSearchParams): DurableStatus[] {
  const from = q.get("createdTimeFrom");
  const to = q.get("createdTimeTo");
  const runtime = q
    .get("runtimeStatus")
    ?.split(",")
    .filter((s) => s !== "");
  const prefix = q.get("instanceIdPrefix");
  const top = Number(q.get("top") ?? 0);
  const selected = statuses.filter(
    (s) =>
      (!from || Date.parse(s.createdTime) >= Date.parse(from)) &&
      (!to || Date.parse(s.createdTime) <= Date.parse(to)) &&
      (!runtime || runtime.length === 0 || runtime.includes(s.runtimeStatus)) &&
      (!prefix || s.instanceId.startsWith(prefix)),
  );
  return top > 0 ? selected.slice(0, top) : selected;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res
    .writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
    .end(JSON.stringify(body ?? null));
}
