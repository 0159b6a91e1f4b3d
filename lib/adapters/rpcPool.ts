// Several JSON-RPC endpoints (the validators behind the load balancer, the bank's own node) with health tracking.
// Reads fail over on transport errors only; a broadcast sends the same signed bytes to every usable endpoint, so a
// retry on another endpoint can never carry different bytes.
import { FetchRequest, JsonRpcProvider, Network } from "ethers";
import { AppError } from "../domain/appError.js";
import { isTransportError, toAppError, type RpcErrorContext } from "./rpcErrors.js";

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

  /** Sends a read-only request, failing over to the next usable endpoint on transport errors. */
  async request<T>(method: string, params: unknown[], context: Partial<RpcErrorContext> = {}): Promise<T> {
    let lastError: AppError | undefined;
    for (const endpoint of this.candidates()) {
      try {
        return await this.send<T>(endpoint, method, params);
      } catch (error) {
        lastError = toAppError(error, { ...context, endpoint: endpoint.url, method });
        if (!isTransportError(error)) throw lastError;
      }
    }
    throw this.unavailable(method, lastError);
  }

  /** Sends the same request to every usable endpoint at once; each answer, or its mapped error, in order. */
  async requestAll<T>(
    method: string,
    params: unknown[],
  ): Promise<({ ok: true; value: T } | { ok: false; error: AppError })[]> {
    const targets = this.candidates();
    return Promise.all(
      targets.map(async (endpoint) => {
        try {
          return { ok: true as const, value: await this.send<T>(endpoint, method, params) };
        } catch (error) {
          return { ok: false as const, error: toAppError(error, { endpoint: endpoint.url, method }) };
        }
      }),
    );
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

  private async send<T>(endpoint: Endpoint, method: string, params: unknown[]): Promise<T> {
    const started = this.now();
    try {
      const result = (await endpoint.provider.send(method, params)) as T;
      Object.assign(endpoint, { healthy: true, consecutiveFailures: 0, lastError: null, retryAtMs: 0 });
      endpoint.lastLatencyMs = this.now() - started;
      return result;
    } catch (error) {
      if (isTransportError(error)) this.markFailed(endpoint, error);
      throw error;
    }
  }

  private markFailed(endpoint: Endpoint, error: unknown): void {
    endpoint.consecutiveFailures++;
    endpoint.healthy = false;
    endpoint.lastError = error instanceof Error ? error.message.slice(0, 200) : String(error);
    const backoff = Math.min(this.maxCooldownInMs, this.cooldownInMs * 2 ** (endpoint.consecutiveFailures - 1));
    endpoint.retryAtMs = this.now() + backoff;
  }

  private unavailable(method: string, cause: AppError | undefined): AppError {
    return new AppError("NODE_UNAVAILABLE", `${method}: no JSON-RPC endpoint answered`, {
      cause,
      details: { endpoints: this.endpoints.map((e) => e.url) },
    });
  }
}
