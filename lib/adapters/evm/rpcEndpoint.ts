// One JSON-RPC endpoint of the pool (rpcPool.ts): its provider and health, and its requests — single or batched in
// one HTTP request — measured, their errors mapped once (rpcErrors.ts), a transport failure cooling it down.
import {
  FetchRequest,
  JsonRpcProvider,
  type Interface,
  type JsonRpcError,
  type JsonRpcResult,
  type Network,
} from "ethers";
import { AppError } from "../../domain/appError.js";
import { redactUrl } from "../../domain/redactUrl.js";
import { isTransportError, toAppError, type RpcErrorContext } from "./rpcErrors.js";

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

/** The health of one endpoint as the pool last saw it. */
export interface EndpointHealth {
  url: string;
  healthy: boolean;
  consecutiveFailures: number;
  lastLatencyMs: number | null;
  lastError: string | null;
}

export interface Endpoint extends EndpointHealth {
  provider: JsonRpcProvider;
  retryAtMs: number;
}

/** How long a failing endpoint cools down: `cooldownInMs` doubling per consecutive failure, up to the maximum. */
export interface CooldownPolicy {
  now: () => number;
  cooldownInMs: number;
  maxCooldownInMs: number;
}

/** An endpoint at `url`, healthy until it fails. */
export function openEndpoint(url: string, network: Network, timeoutInMs: number): Endpoint {
  const request = new FetchRequest(url);
  request.timeout = timeoutInMs;
  const provider = new JsonRpcProvider(request, network, { staticNetwork: network, batchMaxCount: 1 });
  return { url, provider, healthy: true, consecutiveFailures: 0, lastLatencyMs: null, lastError: null, retryAtMs: 0 };
}

/** Requests to one endpoint, errors mapped once; a transport failure cools the endpoint down. */
export function endpointSender(endpoint: Endpoint, policy: CooldownPolicy): PinnedRequest {
  const measured = async <T>(method: string, context: Partial<RpcErrorContext>, send: () => Promise<T>) => {
    const started = policy.now();
    try {
      const result = await send();
      Object.assign(endpoint, { healthy: true, consecutiveFailures: 0, lastError: null, retryAtMs: 0 });
      endpoint.lastLatencyMs = policy.now() - started;
      return result;
    } catch (error) {
      if (isTransportError(error)) markFailed(endpoint, error, policy);
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

function markFailed(endpoint: Endpoint, error: unknown, policy: CooldownPolicy): void {
  endpoint.consecutiveFailures++;
  endpoint.healthy = false;
  endpoint.lastError = error instanceof Error ? error.message.slice(0, 200) : String(error);
  const backoff = Math.min(policy.maxCooldownInMs, policy.cooldownInMs * 2 ** (endpoint.consecutiveFailures - 1));
  endpoint.retryAtMs = policy.now() + backoff;
}
