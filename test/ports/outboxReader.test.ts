// Runs the OutboxReader contract against the in-memory fake and the Azure Table adapter on Azurite, the latter both
// bare and with the cache of recent entries that lib/composition/services.ts gives it.
import { randomBytes } from "node:crypto";
import { RecentEntries } from "../../lib/adapters/tables/recentEntries.js";
import { openTableOutboxReader } from "../../lib/adapters/tables/tableOutboxReader.js";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import { testStack } from "../stack.js";
import { MemoryOutboxReader } from "../support/memoryDistribution.js";
import { MemoryOutbox } from "../support/memoryPorts.js";
import { describeOutboxReader } from "./outboxReader.contract.js";

describeOutboxReader("MemoryOutboxReader", async () => {
  const outbox = new MemoryOutbox();
  return { outbox, reader: new MemoryOutboxReader(outbox.entries) };
});

describeOutboxReader("TableOutboxReader", async () => {
  const name = `outbox${randomBytes(6).toString("hex")}`;
  const connection = testStack().storageConnectionString;
  return {
    outbox: await openTableOutboxStore(connection, name),
    reader: await openTableOutboxReader(connection, name),
  };
});

describeOutboxReader("TableOutboxReader with recent entries", async () => {
  const name = `outbox${randomBytes(6).toString("hex")}`;
  const connection = testStack().storageConnectionString;
  const recent = new RecentEntries<OutboxEntry>(1_000_000);
  return {
    outbox: await openTableOutboxStore(connection, name, recent),
    reader: await openTableOutboxReader(connection, name, recent),
  };
});
