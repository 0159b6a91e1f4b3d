// Health check of Table storage: one point read that proves the endpoint answers and the credential is accepted. A
// point read costs the same however many rows the table holds (a query, even for one row, may not: Azurite
// evaluates a query against every entity of the table); the probe's row need not exist.
import { RestError, type TableClient } from "@azure/data-tables";
import type { DependencyCheck } from "../../ports/health.js";
import { openTable, toStorageError, type TableSource } from "./tableSupport.js";

/** The key the probe reads: outside every partition the stores write. */
const PROBE_KEY = { partitionKey: "~health", rowKey: "probe" } as const;

/** Storage: a point read of `table`. */
export function storageCheck(source: TableSource, table: string): DependencyCheck {
  return {
    name: "storage",
    requiredForWrites: true,
    check: async () => probeTable(await openTable(source, table)),
  };
}

/** Reads the probe row of `client`'s table: succeeds when storage answered, found or not; a missing table fails. */
export async function probeTable(client: TableClient): Promise<void> {
  try {
    await client.getEntity(PROBE_KEY.partitionKey, PROBE_KEY.rowKey);
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404 && !isTableNotFound(error)) return;
    throw toStorageError(`read ${client.tableName}`, error);
  }
}

/** Whether a 404 says the table, not the row, is missing (the service's code; Azurite puts it in the body only). */
function isTableNotFound(error: RestError): boolean {
  return error.code === "TableNotFound" || error.message.includes("TableNotFound");
}
