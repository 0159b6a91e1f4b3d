// The OutboxStore contract on the in-memory fake and on the Table adapter (Azurite).
import { randomBytes } from "node:crypto";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { testStack } from "../stack.js";
import { MemoryOutbox } from "../support/memoryPorts.js";
import { describeOutboxStore } from "./outboxStore.contract.js";

describeOutboxStore("in memory", async () => new MemoryOutbox());
describeOutboxStore("Azure Tables (Azurite)", () =>
  openTableOutboxStore(testStack().storageConnectionString, `outbox${randomBytes(6).toString("hex")}`),
);
