// Runs the CheckpointStore contract against the in-memory fake and the Azure Table adapter (TableChainState) on
// Azurite.
import { randomBytes } from "node:crypto";
import { openTableChainState } from "../../lib/adapters/tables/tableChainState.js";
import { testStack } from "../stack.js";
import { MemoryCheckpoints } from "../support/memoryDistribution.js";
import { describeCheckpointStore } from "./checkpointStore.contract.js";

describeCheckpointStore("MemoryCheckpoints", async () => new MemoryCheckpoints());
describeCheckpointStore("TableChainState", () =>
  openTableChainState(testStack().storageConnectionString, `chain${randomBytes(6).toString("hex")}`),
);
