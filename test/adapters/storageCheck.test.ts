import { randomBytes } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { probeTable, storageCheck } from "../../lib/adapters/tables/storageCheck.js";
import { testStack } from "../stack.js";
import { countedTable, RequestCounter } from "../support/countedTables.js";

describe("the storage health check", () => {
  it("is one point read: it reads no row of a table full of rows, and passes though its probe row is absent", async () => {
    const counter = new RequestCounter();
    const table = await countedTable(
      testStack().storageConnectionString,
      `health${randomBytes(6).toString("hex")}`,
      "probe",
      counter,
    );
    await table.submitTransaction(
      Array.from({ length: 50 }, (_, i) => ["create", { partitionKey: "p", rowKey: `r${i}` }] as const),
    );
    counter.reset();
    await probeTable(table);
    expect([counter.total("probe"), counter.entities]).toEqual([1, 0]);
    await expect(storageCheck(testStack().storageConnectionString, table.tableName).check()).resolves.toBeUndefined();
  });

  it("fails when the table is missing or storage does not answer", async () => {
    const missing = TableClient.fromConnectionString(testStack().storageConnectionString, "nosuchtable0health", {
      allowInsecureConnection: true,
    });
    await expect(probeTable(missing)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const unreachable =
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";
    await expect(storageCheck(unreachable, "outbox").check()).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
  });
});
