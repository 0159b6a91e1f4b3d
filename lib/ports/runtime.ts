// Time and randomness, injected so that tests and orchestrations control them.

/** Time, injected so that tests and orchestrations control it. */
export interface Clock {
  now(): Date;
}

/** Randomness, injected so tests are repeatable. */
export interface Random {
  /** `length` random bytes as 0x-hex. */
  bytesHex(length: number): string;
}
