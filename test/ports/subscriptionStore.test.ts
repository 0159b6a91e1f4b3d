// Runs the SubscriptionStore contract against the in-memory fake and the Azure Table adapter on Azurite.
import { randomBytes } from "node:crypto";
import { openTableSubscriptionStore } from "../../lib/adapters/tables/tableSubscriptionStore.js";
import { testStack } from "../stack.js";
import { MemorySubscriptions } from "../support/memoryDistribution.js";
import { describeSubscriptionStore } from "./subscriptionStore.contract.js";

describeSubscriptionStore("MemorySubscriptions", async () => new MemorySubscriptions());
describeSubscriptionStore("TableSubscriptionStore", () =>
  openTableSubscriptionStore(testStack().storageConnectionString, `subs${randomBytes(6).toString("hex")}`),
);
