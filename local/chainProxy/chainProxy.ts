// A hostile JSON-RPC endpoint in front of a real node (anvil), on a free loopback port: it can lag k blocks, spread
// its HTTP requests over nodes at different heights as a load balancer in front of validators does, flap (cut
// connections during "down" intervals) or be down altogether, accept a raw transaction and never answer, speak
// Besu's error texts, and answer chosen methods with an injected error. Validators behind a load balancer do all
// of these. One HTTP request (one JSON-RPC call or one batch) is answered by one node, as one TCP connection through
// a layer-4 load balancer reaches one validator; a lagging node answers it at one head, a current one answers the
// batch's calls concurrently, so a block imported meanwhile may show in some answers and not in others (the soak
// found the product taking such a batch for "replaced"; a replacement now needs two checks at different blocks).
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { keccak256 } from "ethers";
import { asBesuError, type RpcError } from "./besuErrors.js";
import { lagCall, type LogsAboveHead, type RpcCall } from "./lagView.js";

/** How the endpoint misbehaves; every field can be changed while it runs. */
export interface ChainProxyFaults {
  /** Answer as a node this many blocks behind the real head. */
  lagBlocks?: number;
  /**
   * Answer each HTTP request as the next of these nodes (blocks behind the real head), round-robin: a load balancer
   * over validators at different heights. Takes precedence over `lagBlocks`.
   */
  spreadLag?: readonly number[];
  logsAboveHead?: LogsAboveHead;
  /** Cut every connection during the last `downInMs` of each `upInMs + downInMs` period. */
  flap?: { upInMs: number; downInMs: number };
  /** Forward eth_sendRawTransaction to the node, then never answer. */
  hangAfterSend?: boolean;
  /** Translate the node's errors to Besu's exact texts. */
  besuErrors?: boolean;
  /** Cut every connection, as a stopped node or a dead load-balancer target does, until cleared. */
  down?: boolean;
}

/** A running hostile endpoint. */
export interface ChainProxy {
  readonly url: string;
  readonly faults: ChainProxyFaults;
  /** Answers the next `times` calls of `method` with `error`, after forwarding them when `forward` is set. */
  inject(method: string, error: RpcError, options?: { times?: number; forward?: boolean }): void;
  /** Calls per method that reached the endpoint (cut connections not counted). */
  readonly calls: Map<string, number>;
  close(): Promise<void>;
}

interface Injection {
  method: string;
  error: RpcError;
  times: number;
  forward: boolean;
}

type Answer = { result: unknown } | { error: RpcError };
type Reply = Answer | "hang";

/** Starts a hostile endpoint on 127.0.0.1 forwarding to the node at `target`. */
export async function startChainProxy(target: string, faults: ChainProxyFaults = {}): Promise<ChainProxy> {
  const injections: Injection[] = [];
  const calls = new Map<string, number>();
  const sockets = new Set<Socket>();
  const started = Date.now();
  const isDown = (): boolean => {
    if (faults.down) return true;
    if (!faults.flap) return false;
    const period = faults.flap.upInMs + faults.flap.downInMs;
    return (Date.now() - started) % period >= faults.flap.upInMs;
  };
  const answer = answerer({ target, faults, injections, calls });
  let requests = 0;
  const server = http.createServer((req, res) => {
    if (isDown()) return void req.socket.destroy();
    const spread = faults.spreadLag;
    const lag = spread?.length ? spread[requests++ % spread.length] : faults.lagBlocks;
    void handle(req, res, (call) => answer(call, nodeView(target, lag ?? 0)));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    calls,
    inject: (method, error, options = {}) =>
      injections.push({ method, error, times: options.times ?? 1, forward: options.forward ?? false }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers one call: an injected error, or the node's answer through the faults (or no answer at all). */
function answerer(proxy: {
  target: string;
  faults: ChainProxyFaults;
  injections: Injection[];
  calls: Map<string, number>;
}): (call: RpcCall, node: NodeView) => Promise<Reply> {
  const { target, faults, injections, calls } = proxy;
  return async (call, node) => {
    calls.set(call.method, (calls.get(call.method) ?? 0) + 1);
    const injected = injections.find((i) => i.method === call.method && i.times > 0);
    if (injected) {
      injected.times--;
      if (injected.forward) await upstream(target, call);
      return { error: injected.error };
    }
    const reply = await replyTo(target, call, node, faults);
    if (call.method === "eth_sendRawTransaction" && faults.hangAfterSend) return "hang";
    return reply;
  };
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  answer: (call: RpcCall) => Promise<Reply>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  const requests = (Array.isArray(body) ? body : [body]) as (RpcCall & { id: unknown })[];
  const replies = await Promise.all(requests.map((r) => answer({ method: r.method, params: r.params ?? [] })));
  if (replies.includes("hang")) return; // the connection stays open until the client gives up or the proxy closes
  const answers = requests.map((r, i) => ({ jsonrpc: "2.0", id: r.id, ...(replies[i] as object) }));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(Array.isArray(body) ? answers : answers[0]));
}

/** The node one HTTP request reaches: its lag, and its head read once (lazily) for the whole request. */
interface NodeView {
  lagBlocks: number;
  head(): Promise<number>;
}

function nodeView(target: string, lagBlocks: number): NodeView {
  let head: Promise<number> | undefined;
  const readHead = async (): Promise<number> => {
    const real = (await upstream(target, { method: "eth_blockNumber", params: [] })) as { result: string };
    return Math.max(0, Number(BigInt(real.result)) - lagBlocks);
  };
  return { lagBlocks, head: () => (head ??= readHead()) };
}

async function replyTo(target: string, call: RpcCall, node: NodeView, faults: ChainProxyFaults): Promise<Answer> {
  const reply = node.lagBlocks ? await laggedReply(target, call, node, faults) : await upstream(target, call);
  if ("error" in reply && faults.besuErrors) return { error: asBesuError(reply.error) };
  return reply;
}

async function laggedReply(target: string, call: RpcCall, node: NodeView, faults: ChainProxyFaults): Promise<Answer> {
  const head = await node.head();
  const lagged = lagCall(call, head, faults.logsAboveHead ?? "clip");
  if (lagged.kind === "answer") return { result: lagged.result };
  if (lagged.kind === "error") return { error: lagged.error };
  if (lagged.needsBlock) {
    const block = await upstream(target, { method: "eth_getBlockByHash", params: [lagged.needsBlock.hash, false] });
    const number = "result" in block ? (block.result as { number?: string } | null)?.number : undefined;
    if (!number || Number(BigInt(number)) > head) return { error: lagged.needsBlock.notFound };
  }
  const reply = await upstream(target, lagged.call);
  if ("result" in reply) return lagged.filter ? { result: lagged.filter(reply.result) } : reply;
  // The real node says "nonce too low" for bytes mined after the lagging head: a node that has not imported that
  // block yet takes them into its pool instead.
  if (call.method === "eth_sendRawTransaction" && /nonce too low/i.test(reply.error.message)) {
    const hash = keccak256(call.params[0] as string);
    const mined = await upstream(target, { method: "eth_getTransactionByHash", params: [hash] });
    const block = "result" in mined ? (mined.result as { blockNumber?: string } | null)?.blockNumber : null;
    if (block && Number(BigInt(block)) > head) return { result: hash };
  }
  return reply;
}

async function upstream(target: string, call: RpcCall): Promise<Answer> {
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: call.method, params: call.params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: RpcError };
  return body.error ? { error: body.error } : { result: body.result ?? null };
}
