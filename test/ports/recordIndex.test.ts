// Runs the RecordIndex contract against the in-memory fake and the Azure Table adapter (TableChainState) on Azurite
// (the adapter's index mark and request counts are tested in test/adapters/distributionTables.test.ts).
import { randomBytes } from "node:crypto";
import { openTableChainState } from "../../lib/adapters/tables/tableChainState.js";
import { testStack } from "../stack.js";
import { MemoryRecordIndex } from "../support/memoryDistribution.js";
import { describeRecordIndex } from "./recordIndex.contract.js";

describeRecordIndex("MemoryRecordIndex", async () => new MemoryRecordIndex());
describeRecordIndex("TableChainState", () =>
  openTableChainState(testStack().storageConnectionString, `chain${randomBytes(6).toString("hex")}`),
);
