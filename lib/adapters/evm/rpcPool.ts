// Several JSON-RPC endpoints (the validators behind the load balancer, the bank's own node) with health tracking.
// Reads fail over on any error that is not final; reads that decide together are pinned to one endpoint; a
// broadcast sends the same signed bytes to every endpoint, so a retry elsewhere can never carry different bytes.
import { FetchRequest, JsonRpcProvider, Network, type Interface, type JsonRpcError, type JsonRpcResult } from "ethers";
import { AppError, isAppError } from "../../domain/appError.js";
import { isTransportError, toAppError, type RpcErrorContext } from "./rpcErrors.js";
import { redactUrl } from "../../domain/redactUrl.js";

/** Options for {@link RpcPool}. */
export interface RpcPoolOptions {
  urls: readonly string[];
  chainId: bigint;
  timeoutInMs: number;
  /** First back-off after a transport failure; doubles per consecutive failure. Default 1 s. */
  cooldownInMs?: number;
  /** Longest back-off. Default 30 s. */
  maxCooldownInMs?: number;
  now?: () => number;
}

/** One JSON-RPC call of a batch; `abi` decodes its revert. */
export interface RpcCall {
  method: string;
  params: unknown[];
  abi?: Interface;
}

/**
 * One request to a fixed endpoint, its error mapped by {@link toAppError}. `batch` sends several calls in one HTTP
 * request: behind a layer-4 load balancer (validators in Azure) separate requests may reach different nodes, one
 * HTTP request reaches one; the first failed call's error is thrown.
 */
export type PinnedRequest = (<T>(
  method: string,
  params: unknown[],
  context?: Partial<RpcErrorContext>,
) => Promise<T>) & {
  batch(calls: readonly RpcCall[]): Promise<unknown[]>;
};

/** One endpoint's answer to a request sent to all of them. */
export type EndpointAnswer<T> = { endpoint: string } & ({ ok: true; value: T } | { ok: false; error: AppError });

/** The health of one endpoint as the pool last saw it. */
export interface EndpointHealth {
  url: string;
  healthy: boolean;
  consecutiveFailures: number;
  lastLatencyMs: number | null;
  lastError: string | null;
}

interface Endpoint extends EndpointHealth {
  provider: JsonRpcProvider;
  retryAtMs: number;
}

/** JSON-RPC endpoints with failover for reads and fan-out for broadcasts. */
export class RpcPool {
  private readonly endpoints: Endpoint[];
  private readonly now: () => number;
  private readonly cooldownInMs: number;
  private readonly maxCooldownInMs: number;
  private next = 0;

  constructor(options: RpcPoolOptions) {
    if (options.urls.length === 0) throw new AppError("CONFIG_INVALID", "at least one JSON-RPC endpoint is required");
    const network = Network.from(options.chainId);
    this.endpoints = options.urls.map((url) => {
      const request = new FetchRequest(url);
      request.timeout = options.timeoutInMs;
      const provider = new JsonRpcProvider(request, network, { staticNetwork: network, batchMaxCount: 1 });
      return {
        url,
        provider,
        healthy: true,
        consecutiveFailures: 0,
        lastLatencyMs: null,
        lastError: null,
        retryAtMs: 0,
      };
    });
    this.now = options.now ?? Date.now;
    this.cooldownInMs = options.cooldownInMs ?? 1_000;
    this.maxCooldownInMs = options.maxCooldownInMs ?? 30_000;
  }

  /** A snapshot of every endpoint's health. */
  health(): EndpointHealth[] {
    return this.endpoints.map(({ url, healthy, consecutiveFailures, lastLatencyMs, lastError }) => ({
      url,
      healthy,
      consecutiveFailures,
      lastLatencyMs,
      lastError,
    }));
  }

  /** Sends a read-only request, failing over to the next endpoint on any error that is not final. */
  async request<T>(method: string, params: unknown[], context: Partial<RpcErrorContext> = {}): Promise<T> {
    return this.pinned((rpc) => rpc<T>(method, params, context));
  }

  /**
   * Runs `reads` against one endpoint, so that answers which decide something together agree with each other
   * (DESIGN §6.3). On an error that is not final, the whole callback runs again on the next endpoint. When every
   * endpoint failed, the last node verdict is thrown (so a caller can act on it), else NODE_UNAVAILABLE.
   */
  async pinned<T>(reads: (rpc: PinnedRequest, endpoint: string) => Promise<T>): Promise<T> {
    let lastVerdict: AppError | undefined;
    let lastError: AppError | undefined;
    for (const endpoint of this.candidates()) {
      try {
        return await reads(this.sender(endpoint), endpoint.url);
      } catch (error) {
        if (!isAppError(error) || !error.retryable) throw error;
        lastError = error;
        if (error.code !== "NODE_UNAVAILABLE" && error.code !== "TIMEOUT") lastVerdict = error;
      }
    }
    throw lastVerdict ?? this.unavailable(lastError);
  }

  /** Sends a request to the named endpoint only (no failover): a re-check that must ask the node that answered. */
  async requestOn<T>(url: string, method: string, params: unknown[]): Promise<T> {
    const endpoint = this.endpoints.find((e) => e.url === url);
    if (!endpoint) throw new AppError("CONFIG_INVALID", `${url} is not an endpoint of this pool`);
    return this.sender(endpoint)<T>(method, params);
  }

  /** Sends the same request to every endpoint at once; per endpoint, a promise of its answer or mapped error. */
  requestEach<T>(method: string, params: unknown[]): Promise<EndpointAnswer<T>>[] {
    return this.candidates().map(async (endpoint): Promise<EndpointAnswer<T>> => {
      try {
        return { endpoint: endpoint.url, ok: true, value: await this.sender(endpoint)<T>(method, params) };
      } catch (error) {
        return { endpoint: endpoint.url, ok: false, error: toAppError(error, { endpoint: endpoint.url, method }) };
      }
    });
  }

  /** Stops the providers' timers. */
  destroy(): void {
    for (const endpoint of this.endpoints) endpoint.provider.destroy();
  }

  /** Usable endpoints first (round-robin among them), then those cooling down, so a read is always attempted. */
  private candidates(): Endpoint[] {
    const now = this.now();
    const start = this.next++ % this.endpoints.length;
    const rotated = [...this.endpoints.slice(start), ...this.endpoints.slice(0, start)];
    const usable = rotated.filter((e) => e.healthy || e.retryAtMs <= now);
    const cooling = rotated.filter((e) => !usable.includes(e)).sort((a, b) => a.retryAtMs - b.retryAtMs);
    return [...usable, ...cooling];
  }

  /** Requests to one endpoint, errors mapped once; a transport failure cools the endpoint down. */
  private sender(endpoint: Endpoint): PinnedRequest {
    const measured = async <T>(method: string, context: Partial<RpcErrorContext>, send: () => Promise<T>) => {
      const started = this.now();
      try {
        const result = await send();
        Object.assign(endpoint, { healthy: true, consecutiveFailures: 0, lastError: null, retryAtMs: 0 });
        endpoint.lastLatencyMs = this.now() - started;
        return result;
      } catch (error) {
        if (isTransportError(error)) this.markFailed(endpoint, error);
        throw toAppError(error, { ...context, endpoint: endpoint.url, method });
      }
    };
    const request = <T>(method: string, params: unknown[], context: Partial<RpcErrorContext> = {}): Promise<T> =>
      measured(method, context, () => endpoint.provider.send(method, params) as Promise<T>);
    const batch = async (calls: readonly RpcCall[]): Promise<unknown[]> => {
      const payloads = calls.map(({ method, params }, i) => ({ jsonrpc: "2.0" as const, id: i + 1, method, params }));
      // A node's error for the whole batch comes back as one answer without an id: every call then has no answer.
      const answers: (JsonRpcResult | JsonRpcError)[] = await measured(calls.map((c) => c.method).join("+"), {}, () =>
        endpoint.provider._send(payloads),
      );
      return payloads.map((payload, i) => {
        const answer = answers.find((a) => a.id === payload.id);
        const context = { endpoint: redactUrl(endpoint.url), method: payload.method, abi: calls[i]?.abi };
        if (!answer)
          throw new AppError("NODE_UNAVAILABLE", `${payload.method}: no answer in the batch`, { details: context });
        if ("error" in answer) throw toAppError(endpoint.provider.getRpcError(payload, answer), context);
        return answer.result as unknown;
      });
    };
    return Object.assign(request, { batch });
  }

  private markFailed(endpoint: Endpoint, error: unknown): void {
    endpoint.consecutiveFailures++;
    endpoint.healthy = false;
    endpoint.lastError = error instanceof Error ? error.message.slice(0, 200) : String(error);
    const backoff = Math.min(this.maxCooldownInMs, this.cooldownInMs * 2 ** (endpoint.consecutiveFailures - 1));
    endpoint.retryAtMs = this.now() + backoff;
  }

  private unavailable(cause: AppError | undefined): AppError {
    const method = typeof cause?.details.method === "string" ? cause.details.method : "request";
    return new AppError("NODE_UNAVAILABLE", `${method}: no JSON-RPC endpoint answered`, {
      cause,
      details: { endpoints: this.endpoints.map((e) => redactUrl(e.url)) },
    });
  }
}
