// What contract suites assert about failures: the AppError code a port promises, whichever implementation raised it.
import { expect } from "vitest";
import { isAppError, type ErrorCode } from "../../lib/domain/appError.js";

/** Asserts that `operation` fails with an AppError of `code` (the port's promise, not an adapter's detail). */
export async function expectRejection(operation: Promise<unknown>, code: ErrorCode): Promise<void> {
  const outcome = await operation.then(
    () => "resolved",
    (error: unknown) => error,
  );
  expect(isAppError(outcome, code) ? code : outcome).toBe(code);
}
