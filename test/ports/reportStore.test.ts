// Runs the ReportStore contract against the in-memory fake and the Azure Table adapter on Azurite.
import { randomBytes } from "node:crypto";
import { openTableReportStore } from "../../lib/adapters/tables/tableReportStore.js";
import { testStack } from "../stack.js";
import { MemoryReports } from "../support/memoryDistribution.js";
import { describeReportStore } from "./reportStore.contract.js";

describeReportStore("MemoryReports", async () => new MemoryReports());
describeReportStore("TableReportStore", () =>
  openTableReportStore(testStack().storageConnectionString, `reports${randomBytes(6).toString("hex")}`),
);
