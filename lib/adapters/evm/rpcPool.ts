// Several JSON-RPC endpoints (the validators behind the load balancer, the bank's own node) with health tracking.
// Reads fail over on any error that is not final; reads that decide together are pinned to one endpoint; a
// broadcast sends the same signed bytes to every endpoint, so a retry elsewhere can never carry different bytes.
// One endpoint's requests, measured and mapped, are rpcEndpoint.ts's.
import { Network } from "ethers";
import { AppError, isAppError } from "../../domain/appError.js";
import { redactUrl } from "../../domain/redactUrl.js";
import { toAppError, type RpcErrorContext } from "./rpcErrors.js";
import { endpointSender, openEndpoint, type Endpoint, type EndpointHealth, type PinnedRequest } from "./rpcEndpoint.js";

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

/** One endpoint's answer to a request sent to all of them. */
export type EndpointAnswer<T> = { endpoint: string } & ({ ok: true; value: T } | { ok: false; error: AppError });

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
    this.endpoints = options.urls.map((url) => openEndpoint(url, network, options.timeoutInMs));
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
    return this.senderOn(url)<T>(method, params);
  }

  private senderOn(url: string): PinnedRequest {
    const endpoint = this.endpoints.find((e) => e.url === url);
    if (!endpoint) throw new AppError("CONFIG_INVALID", `${url} is not an endpoint of this pool`);
    return this.sender(endpoint);
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
    return endpointSender(endpoint, {
      now: this.now,
      cooldownInMs: this.cooldownInMs,
      maxCooldownInMs: this.maxCooldownInMs,
    });
  }

  private unavailable(cause: AppError | undefined): AppError {
    const method = typeof cause?.details.method === "string" ? cause.details.method : "request";
    return new AppError("NODE_UNAVAILABLE", `${method}: no JSON-RPC endpoint answered`, {
      cause,
      details: { endpoints: this.endpoints.map((e) => redactUrl(e.url)) },
    });
  }
}
