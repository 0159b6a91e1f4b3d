// The one error type of the bank CLI: a message written for the person at the terminal and the exit code it
// ends with. Anything else that escapes a command is a bug and is printed with its stack.

/** Exit codes: 1 for failures (unreachable consortium, rejected request, invalid input), 2 for usage mistakes. */
export const EXIT = { failure: 1, usage: 2 } as const;

/** A failure the CLI reports as one readable message and a non-zero exit code. */
export class CliError extends Error {
  override readonly name = "CliError";

  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A usage mistake (unknown option, missing argument): exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
