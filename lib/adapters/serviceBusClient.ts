// Builds the Service Bus client from configuration: a connection string locally (our emulator, Microsoft's
// emulator), the managed identity in Azure. Maps Service Bus errors to AppError codes once.
import type { TokenCredential } from "@azure/core-auth";
import { isServiceBusError, ServiceBusClient } from "@azure/service-bus";
import { AppError, isAppError } from "../domain/appError.js";
import type { Config } from "../config.js";

/** A Service Bus client for the configured namespace (the credential is used when there is no connection string). */
export function createServiceBusClient(
  config: Pick<Config, "serviceBus">,
  credential: TokenCredential,
): ServiceBusClient {
  const { connectionString, fullyQualifiedNamespace } = config.serviceBus;
  if (connectionString) return new ServiceBusClient(connectionString);
  if (!fullyQualifiedNamespace) throw new AppError("CONFIG_INVALID", "no Service Bus connection configured");
  return new ServiceBusClient(fullyQualifiedNamespace, credential);
}

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
