// Faults of the Key Vault stand-in: injected 429s or 5xx answers (the next N matching calls), optionally the service's own
// behaviour of answering 429 once a window's operation budget is spent (like the service, a throttled call does not
// count against the budget), and a fixed latency added to every authenticated call.
import { apiError, type ApiRequest, type ApiResult } from "./apiResult.js";

/** Options for injecting 429 answers. */
export interface InjectThrottlingOptions {
  /** How many calls to answer with 429. */
  count: number;
  /** The Retry-After header value. Default 1. */
  retryAfterInSeconds?: number;
  /** Which operation to throttle (`sign`, `getKey`, …) or `any`. Default `sign`. */
  operation?: string;
  /** Answer with this status instead: 500 or 503, as the service does when a dependency fails. Default 429. */
  status?: 429 | 500 | 503;
}

/** The service's own limit: at most `operations` authenticated calls in any `windowInMs`. */
export interface ServiceRateLimit {
  operations: number;
  windowInMs: number;
}

const THROTTLED_MESSAGE =
  "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached";

const UNAVAILABLE_MESSAGE = "The service is temporarily unavailable. Please retry.";

/** Decides, per authenticated call, whether it is answered with 429. */
export class StandInFaults {
  readonly #rateLimit: ServiceRateLimit | undefined;
  readonly #acceptedAt: number[] = [];
  #injected: Required<InjectThrottlingOptions> = { count: 0, retryAfterInSeconds: 1, operation: "sign", status: 429 };
  /** Added to every authenticated vault call (a real vault answers in milliseconds to tens of milliseconds). */
  latencyInMs: number;

  constructor(rateLimit?: ServiceRateLimit, latencyInMs = 0) {
    this.#rateLimit = rateLimit;
    this.latencyInMs = latencyInMs;
  }

  /** Waits the configured latency. */
  async delay(): Promise<void> {
    if (this.latencyInMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyInMs));
  }

  inject429(options: InjectThrottlingOptions): void {
    this.#injected = { retryAfterInSeconds: 1, operation: "sign", status: 429, ...options };
  }

  /** A 429 answer for this call, or undefined when it may proceed (and then counts against the budget). */
  throttle(operation: string): ApiResult | undefined {
    const injected = this.#injected;
    if (injected.count > 0 && (injected.operation === "any" || injected.operation === operation)) {
      injected.count -= 1;
      if (injected.status !== 429) return apiError(injected.status, "ServiceUnavailable", UNAVAILABLE_MESSAGE);
      return throttled(injected.retryAfterInSeconds);
    }
    if (!this.#rateLimit) return undefined;
    const now = Date.now();
    while (this.#acceptedAt.length > 0 && (this.#acceptedAt[0] ?? 0) <= now - this.#rateLimit.windowInMs) {
      this.#acceptedAt.shift();
    }
    if (this.#acceptedAt.length >= this.#rateLimit.operations) {
      const waitInMs = (this.#acceptedAt[0] ?? now) + this.#rateLimit.windowInMs - now;
      return throttled(Math.max(1, Math.ceil(waitInMs / 1000)));
    }
    this.#acceptedAt.push(now);
    return undefined;
  }
}

/** The name of the operation a request performs, as counted and throttled. */
export function operationOf(collection: string, request: ApiRequest): string {
  const [name = "", second, third] = request.segments;
  if (collection === "keys") {
    if (name === "") return "listKeys";
    if (second === "create") return "createKey";
    if (second === "versions") return "listKeyVersions";
    if (third === "sign" || third === "verify") return third;
    return "getKey";
  }
  if (collection === "_standin") return "control";
  if (collection === "secrets") {
    if (name === "") return "listSecrets";
    if (request.method === "PUT") return "setSecret";
    return second === "versions" ? "listSecretVersions" : "getSecret";
  }
  return "unknown";
}

function throttled(retryAfterInSeconds: number): ApiResult {
  return apiError(429, "Throttled", THROTTLED_MESSAGE, { "retry-after": String(retryAfterInSeconds) });
}
