// A client-side rate limiter for a remote service that counts operations per window (Key Vault: 2,000 HSM
// operations per 10 s). Each of `operations` tokens returns to the bucket `windowInMs` after the call that used it
// has completed. A call reaches the service before it completes, so two calls using the same token arrive at least
// one window apart, and no window of that length ever sees more than `operations` calls, whatever the latency.

/** Options for {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Operations allowed in any window. */
  operations: number;
  /** The window length. */
  windowInMs: number;
}

/** Key Vault Premium's limit for secp256k1 HSM keys: 2,000 operations (sign, get, …) per 10 seconds per vault. */
export const KEY_VAULT_RATE_LIMIT: TokenBucketOptions = Object.freeze({ operations: 2_000, windowInMs: 10_000 });

/** A FIFO token bucket whose tokens come back one window after the call that used them completed. */
export class TokenBucket {
  readonly operations: number;
  readonly windowInMs: number;
  /**
   * When each token in the bucket becomes usable, in the order they were returned. Tokens held by running calls are
   * not in it. Returns happen at "now + window", so the times are non-decreasing and the oldest is always first.
   */
  readonly #returnedAt: Float64Array;
  #head = 0;
  #size: number;
  #queue: Promise<unknown> = Promise.resolve();
  #released: Promise<void>;
  #signalRelease: () => void = () => undefined;

  constructor(options: TokenBucketOptions = KEY_VAULT_RATE_LIMIT) {
    if (!Number.isInteger(options.operations) || options.operations < 1) {
      throw new RangeError("operations must be a positive integer");
    }
    if (!(options.windowInMs > 0)) throw new RangeError("windowInMs must be positive");
    this.operations = options.operations;
    this.windowInMs = options.windowInMs;
    this.#returnedAt = new Float64Array(options.operations).fill(Number.NEGATIVE_INFINITY);
    this.#size = options.operations;
    this.#released = this.#nextRelease();
  }

  /** Runs `operation` once a token is free (callers are served in order) and holds the token while it runs. */
  async use<T>(operation: () => Promise<T>): Promise<T> {
    const turn = this.#queue.then(() => this.#acquire());
    this.#queue = turn;
    await turn;
    try {
      return await operation();
    } finally {
      this.#returnedAt[(this.#head + this.#size) % this.operations] = performance.now() + this.windowInMs;
      this.#size += 1;
      this.#signalRelease();
    }
  }

  /** How long a call made now would wait for a token, ignoring callers already queued (Infinity: all in use). */
  waitInMs(): number {
    if (this.#size === 0) return Number.POSITIVE_INFINITY;
    return Math.max(0, (this.#returnedAt[this.#head] ?? 0) - performance.now());
  }

  async #acquire(): Promise<void> {
    for (let waitInMs = this.waitInMs(); waitInMs > 0; waitInMs = this.waitInMs()) {
      // A return is always later than every token already in the bucket, so a finite wait is final.
      await (Number.isFinite(waitInMs) ? sleep(waitInMs) : this.#released);
    }
    this.#head = (this.#head + 1) % this.operations;
    this.#size -= 1;
  }

  #nextRelease(): Promise<void> {
    return new Promise((resolve) => {
      this.#signalRelease = () => {
        this.#released = this.#nextRelease();
        resolve();
      };
    });
  }
}

function sleep(durationInMs: number): Promise<void> {
  // Timers may fire a little early relative to performance.now(); the caller checks again.
  return new Promise((resolve) => setTimeout(resolve, Math.ceil(durationInMs)));
}
