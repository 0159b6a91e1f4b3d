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
  /** When each token is back; +Infinity while the call holding it runs. */
  readonly #availableAt: Float64Array;
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
    this.#availableAt = new Float64Array(options.operations).fill(Number.NEGATIVE_INFINITY);
    this.#released = this.#nextRelease();
  }

  /** Runs `operation` once a token is free (callers are served in order) and holds the token while it runs. */
  async use<T>(operation: () => Promise<T>): Promise<T> {
    const turn = this.#queue.then(() => this.#acquire());
    this.#queue = turn;
    const token = await turn;
    try {
      return await operation();
    } finally {
      this.#availableAt[token] = performance.now() + this.windowInMs;
      this.#signalRelease();
    }
  }

  /** How long a call made now would wait for a token, ignoring callers already queued (Infinity: all in use). */
  waitInMs(): number {
    return Math.max(0, (this.#availableAt[this.#earliestToken()] ?? 0) - performance.now());
  }

  async #acquire(): Promise<number> {
    for (;;) {
      const token = this.#earliestToken();
      const waitInMs = (this.#availableAt[token] ?? 0) - performance.now();
      if (waitInMs <= 0) {
        this.#availableAt[token] = Number.POSITIVE_INFINITY;
        return token;
      }
      // A release only ever schedules a token later than every finite one, so a finite wait is final.
      await (Number.isFinite(waitInMs) ? sleep(waitInMs) : this.#released);
    }
  }

  #earliestToken(): number {
    let earliest = 0;
    for (let token = 1; token < this.operations; token += 1) {
      if ((this.#availableAt[token] ?? 0) < (this.#availableAt[earliest] ?? 0)) earliest = token;
    }
    return earliest;
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
