// Health check of Table storage: one cheap read that proves the endpoint answers and the credential is accepted.
import type { DependencyCheck } from "../../ports/health.js";
import { openTable, storageCall, type TableSource } from "./tableSupport.js";

/** Storage: reads one row of `table`. */
export function storageCheck(source: TableSource, table: string): DependencyCheck {
  return {
    name: "storage",
    requiredForWrites: true,
    check: async () => {
      const client = await openTable(source, table);
      await storageCall(`read ${table}`, () => client.listEntities().byPage({ maxPageSize: 1 }).next());
    },
  };
}
