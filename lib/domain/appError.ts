// The one error type of the application: a closed set of codes, each either retryable or final, with the cause
// chained. Adapters map their SDK's errors to these codes once, at their boundary.

/**
 * Every error code the application raises, and whether waiting and trying again can succeed: the one retry
 * decision (as FireFly's submission_error.go has it). A chain error is final only for a node's definite verdict on
 * the request itself (invalid bytes, insufficient funds, a contract revert with its data); everything else, an
 * error nobody recognised (RPC_ERROR) included, is retried (DESIGN §6.4). NONCE_TOO_LOW is retried too: the nonce
 * is used, but whether by these bytes (a node still storing their block) or by others is the confirmation
 * monitor's decision, over two checks at different blocks.
 */
const RETRYABLE = {
  INVALID_MESSAGE: false,
  CONFIG_INVALID: false,
  NONCE_TOO_LOW: true,
  NONCE_TOO_HIGH: true,
  REPLACEMENT_UNDERPRICED: true,
  ALREADY_KNOWN: false,
  INSUFFICIENT_FUNDS: false,
  TX_INVALID: false,
  TX_REVERTED: false,
  TX_POOL_FULL: true,
  NODE_UNAVAILABLE: true,
  NODE_NOT_READY: true,
  NODE_BEHIND: true,
  TIMEOUT: true,
  RPC_ERROR: true,
  LOG_RANGE_TOO_LARGE: true,
  SIGNING_THROTTLED: true,
  SIGNING_FAILED: false,
  SIGNING_UNAVAILABLE: true,
  STORAGE_UNAVAILABLE: true,
  /** Storage refused the request itself (a 400 other than size): sending it again cannot succeed. */
  STORAGE_REJECTED: false,
  /** A row, property, transaction or message over the service's size limit. */
  TOO_LARGE: false,
  CONFLICT: true,
  NOT_FOUND: false,
  MESSAGING_UNAVAILABLE: true,
  WEBHOOK_REJECTED: false,
  WEBHOOK_UNAVAILABLE: true,
} as const satisfies Record<string, boolean>;

/** The closed set of error codes. */
export type ErrorCode = keyof typeof RETRYABLE;

/** All error codes, for exhaustive tests and documentation. */
export const ERROR_CODES = Object.keys(RETRYABLE) as ErrorCode[];

/** Options for {@link AppError}. */
export interface AppErrorOptions {
  cause?: unknown;
  /** Structured, non-secret facts about the failure (field names, endpoint, decoded revert). */
  details?: Readonly<Record<string, unknown>>;
}

/** An application error with a closed `code`; `retryable` says whether trying again later can succeed. */
export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }
}

/** Whether an error with this code may succeed when tried again later (after a wait). */
export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE[code];
}

/** Type guard: `error` is an AppError, optionally with the given code. */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
