// Health checks of the dependencies the bank writes through: Table storage, Service Bus and Key Vault. Each is one
// cheap call that proves the endpoint answers and the credential is accepted.
import type { ServiceBusClient } from "@azure/service-bus";
import type { DependencyCheck } from "../distributionPorts.js";
import type { KeyVaultSecretStore } from "./keyVaultSecretStore.js";
import { toMessagingError } from "./serviceBusClient.js";
import { openTable, storageCall, type TableSource } from "./tableSupport.js";

/** Storage: reads one row of `table`. */
export function storageCheck(source: TableSource, table: string): DependencyCheck {
  return {
    name: "storage",
    requiredForWrites: true,
    check: async () => {
      const client = await openTable(source, table);
      await storageCall(`read ${table}`, () => client.listEntities().byPage({ maxPageSize: 1 }).next());
    },
  };
}

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

/** Key Vault: lists one secret's properties. */
export function keyVaultCheck(store: Pick<KeyVaultSecretStore, "check">): DependencyCheck {
  return { name: "keyvault", requiredForWrites: true, check: () => store.check() };
}
