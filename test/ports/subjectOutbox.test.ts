// The SubjectOutbox contract on the in-memory fake and on the Table adapter (Azurite).
import { randomBytes } from "node:crypto";
import { openTableOutboxStore } from "../../lib/adapters/tables/tableOutboxStore.js";
import { openTableSubjectOutbox } from "../../lib/adapters/tables/tableSubjectOutbox.js";
import { testStack } from "../stack.js";
import { MemoryOutbox } from "../support/memoryPorts.js";
import { MemorySubjectOutbox } from "../support/memorySubjectOutbox.js";
import { describeSubjectOutbox } from "./subjectOutbox.contract.js";

describeSubjectOutbox("in memory", async () => {
  const outbox = new MemoryOutbox();
  return { outbox, subjects: new MemorySubjectOutbox(outbox) };
});
describeSubjectOutbox("Azure Tables (Azurite)", async () => {
  const name = `outbox${randomBytes(6).toString("hex")}`;
  const source = testStack().storageConnectionString;
  return { outbox: await openTableOutboxStore(source, name), subjects: await openTableSubjectOutbox(source, name) };
});
