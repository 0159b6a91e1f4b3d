// A client-side rate limiter for a remote service that counts operations per fixed-length window (Key Vault:
// 2,000 HSM operations per 10 s). Each of `operations` tokens returns to the bucket exactly `windowInMs` after
// it was taken, so no window of that length ever sees more than `operations` calls. Waiters are served in order.

/** Options for {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Operations allowed in any window. */
  operations: number;
  /** The window length. */
  windowInMs: number;
}

/** Key Vault Premium's limit for secp256k1 HSM keys: 2,000 operations (sign, get, …) per 10 seconds per vault. */
export const KEY_VAULT_RATE_LIMIT: TokenBucketOptions = Object.freeze({ operations: 2_000, windowInMs: 10_000 });

/** A FIFO token bucket whose tokens come back one window after use. */
export class TokenBucket {
  readonly operations: number;
  readonly windowInMs: number;
  readonly #takenAt: Float64Array;
  #next = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions = KEY_VAULT_RATE_LIMIT) {
    if (!Number.isInteger(options.operations) || options.operations < 1) {
      throw new RangeError("operations must be a positive integer");
    }
    if (!(options.windowInMs > 0)) throw new RangeError("windowInMs must be positive");
    this.operations = options.operations;
    this.windowInMs = options.windowInMs;
    this.#takenAt = new Float64Array(options.operations).fill(Number.NEGATIVE_INFINITY);
  }

  /** Resolves once one operation may start; the caller must start it right away. */
  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#acquire());
    this.#queue = turn;
    return turn;
  }

  /** How long a call to {@link take} made now would wait, ignoring callers already queued. */
  waitInMs(): number {
    return Math.max(0, (this.#takenAt[this.#next] ?? 0) + this.windowInMs - performance.now());
  }

  async #acquire(): Promise<void> {
    // Timers may fire a little early relative to performance.now(), so wait until the token is really back.
    for (let wait = this.waitInMs(); wait > 0; wait = this.waitInMs()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
    this.#takenAt[this.#next] = performance.now();
    this.#next = (this.#next + 1) % this.operations;
  }
}
