import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { openTable } from "../../lib/adapters/tables/tableSupport.js";
import { isAppError } from "../../lib/domain/appError.js";
import { testStack } from "../stack.js";

/** The AppError code a storage call failed with, or "ok". */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ok";
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe("Azure Tables' size limits on Azurite (tableLimitsPolicy)", () => {
  let table: TableClient;

  beforeAll(async () => {
    table = await openTable(testStack().storageConnectionString, `limits${randomBytes(6).toString("hex")}`);
  });

  it("accepts a string property of 32 Ki characters and refuses one character more", async () => {
    const row = (n: number) => ({ partitionKey: "p", rowKey: `s${n}`, text: "x".repeat(n) });
    expect(await outcome(() => table.createEntity(row(32 * 1024)))).toBe("ok");
    expect(await outcome(() => table.createEntity(row(32 * 1024 + 1)))).toBe("TOO_LARGE");
  });

  it("refuses a binary property over 64 KiB and an entity with more than 252 properties", async () => {
    const binary = { partitionKey: "p", rowKey: "b", data: new Uint8Array(64 * 1024 + 1) };
    expect(await outcome(() => table.createEntity(binary))).toBe("TOO_LARGE");
    const wide = Object.fromEntries(Array.from({ length: 253 }, (_, i) => [`p${i}`, i]));
    expect(await outcome(() => table.createEntity({ partitionKey: "p", rowKey: "w", ...wide }))).toBe("TOO_LARGE");
  });

  it("refuses an entity over 1 MiB spread across properties", async () => {
    const chunks = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`c${i}`, new Uint8Array(64 * 1024)]));
    expect(await outcome(() => table.createEntity({ partitionKey: "p", rowKey: "big", ...chunks }))).toBe("TOO_LARGE");
  });

  it("refuses a transaction over 4 MiB or over 100 operations, writing none of it", async () => {
    const rows = (count: number, bytes: number): TransactionAction[] =>
      Array.from({ length: count }, (_, i) => [
        "create",
        { partitionKey: "t", rowKey: `${count}-${i}`, data: new Uint8Array(bytes) },
      ]);
    expect(await outcome(() => table.submitTransaction(rows(70, 60_000)))).toBe("TOO_LARGE");
    expect(await outcome(() => table.submitTransaction(rows(101, 10)))).toBe("TOO_LARGE");
    expect(await outcome(() => table.getEntity("t", "70-0"))).not.toBe("ok");
    expect(await outcome(() => table.submitTransaction(rows(100, 10)))).toBe("ok");
  });
});
