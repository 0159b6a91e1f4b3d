// Health check of a Service Bus queue: one peek that proves the endpoint answers and the credential is accepted.
import type { ServiceBusClient } from "@azure/service-bus";
import type { DependencyCheck } from "../../ports/health.js";
import { toMessagingError } from "./serviceBusErrors.js";

/** Service Bus: peeks one message of `queue` (nothing is locked or removed). */
export function serviceBusCheck(client: ServiceBusClient, queue: string): DependencyCheck {
  return {
    name: `servicebus:${queue}`,
    requiredForWrites: true,
    check: async () => {
      const receiver = client.createReceiver(queue);
      try {
        await receiver.peekMessages(1);
      } catch (error) {
        throw toMessagingError(`peek ${queue}`, error);
      } finally {
        await receiver.close();
      }
    },
  };
}
