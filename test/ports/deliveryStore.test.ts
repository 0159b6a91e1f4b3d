// Runs the DeliveryStore contract against the in-memory fake and the Azure Table adapter on Azurite (the adapter's
// batching and request counts are tested in test/adapters/distributionTables.test.ts).
import { randomBytes } from "node:crypto";
import { openTableDeliveryStore } from "../../lib/adapters/tables/tableDeliveryStore.js";
import { testStack } from "../stack.js";
import { MemoryDeliveries } from "../support/memoryDeliveries.js";
import { describeDeliveryStore } from "./deliveryStore.contract.js";

describeDeliveryStore("MemoryDeliveries", async () => new MemoryDeliveries());
describeDeliveryStore("TableDeliveryStore", () =>
  openTableDeliveryStore(testStack().storageConnectionString, `deliveries${randomBytes(6).toString("hex")}`),
);
