// Maps Service Bus errors to AppError codes once, for every Service Bus adapter (the client itself is built from
// configuration in lib/composition).
import { isServiceBusError } from "@azure/service-bus";
import { AppError, isAppError } from "../../domain/appError.js";

/** Maps a Service Bus failure: a missing entity or a refused credential is configuration, the rest is transient. */
export function toMessagingError(what: string, error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isServiceBusError(error) && error.code === "MessageSizeExceeded") {
    return new AppError("TOO_LARGE", `${what}: ${error.message}`, { cause: error, details: { code: error.code } });
  }
  if (isServiceBusError(error) && (error.code === "MessagingEntityNotFound" || error.code === "UnauthorizedAccess")) {
    return new AppError("CONFIG_INVALID", `${what}: ${error.message}`, { cause: error, details: { code: error.code } });
  }
  const code = isServiceBusError(error) ? error.code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  return new AppError("MESSAGING_UNAVAILABLE", `${what}: ${text}`, { cause: error, details: { code: code ?? null } });
}
