// Function-level retry policies (`retry: { strategy, maxRetryCount, delayInterval | minimumInterval/maximumInterval }`),
// which the Functions runtime applies to timer triggers (and Event Hubs, Cosmos DB, Kafka; not HTTP or Service Bus):
// the invocation is repeated on failure with `retryContext` set, waiting on the host clock between attempts.
import type { Clock } from "./clock.js";
import type { RpcInvocationResponse } from "./coreTypes.js";
import type { FunctionEntry } from "./functionIndex.js";
import type { InvokeRequest, Invoker } from "./invoker.js";

interface RpcRetryOptions {
  maxRetryCount?: number;
  retryStrategy?: string;
  delayInterval?: { seconds?: number };
  minimumInterval?: { seconds?: number };
  maximumInterval?: { seconds?: number };
}

/** The delay before retry number `retry` (0-based), or undefined when no more retries are allowed. */
export function retryDelayInMs(options: RpcRetryOptions, retry: number): number | undefined {
  const max = options.maxRetryCount ?? 0;
  if (max !== -1 && retry >= max) return undefined;
  if (options.retryStrategy === "exponentialBackoff") {
    const min = (options.minimumInterval?.seconds ?? 0) * 1000;
    const cap = (options.maximumInterval?.seconds ?? Infinity) * 1000;
    return Math.min(min * 2 ** retry, cap);
  }
  return (options.delayInterval?.seconds ?? 0) * 1000;
}

/**
 * Invokes `fn`, retrying per its retry policy (if any) with `retryContext` on each attempt. `onAttempt` sees each
 * attempt's promise (not the waits between them), so a virtual clock can tell running work from waiting work.
 */
export async function invokeWithRetry(
  invoker: Invoker,
  clock: Clock,
  fn: FunctionEntry,
  request: InvokeRequest,
  onAttempt: (attempt: Promise<unknown>) => void = () => {},
): Promise<RpcInvocationResponse> {
  const options = fn.metadata.retryOptions as RpcRetryOptions | undefined;
  const maxRetryCount = options?.maxRetryCount ?? 0;
  for (let retry = 0; ; retry++) {
    const retryContext = { retryCount: retry, maxRetryCount };
    const attempt = invoker.invoke(fn, retry === 0 ? request : { ...request, retryContext });
    onAttempt(attempt);
    try {
      return await attempt;
    } catch (error) {
      const delay = options ? retryDelayInMs(options, retry) : undefined;
      if (delay === undefined) throw error;
      await new Promise<void>((resolve) => clock.at(clock.now() + delay, resolve));
    }
  }
}
