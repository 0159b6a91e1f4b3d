// Runs the TransactionStore contract against the in-memory fake and the Azure Table adapter on Azurite.
import { randomBytes } from "node:crypto";
import { openTableTransactionStore } from "../../lib/adapters/tables/tableTransactionStore.js";
import { testStack } from "../stack.js";
import { MemoryTransactions } from "../support/memoryTransactions.js";
import { describeTransactionStore } from "./transactionStore.contract.js";

describeTransactionStore("MemoryTransactions", async () => new MemoryTransactions());
describeTransactionStore("TableTransactionStore", () =>
  openTableTransactionStore(testStack().storageConnectionString, `txs${randomBytes(6).toString("hex")}`),
);
