// Writes of outbox units: each a few actions on one entry's rows (the row and its index rows, one partition) that
// must happen together. Units are grouped per partition into entity-group transactions of at most 100 actions; a
// transaction that fails because a row is missing (deleted by hand, an index row already removed) is retried unit
// by unit, action by action, skipping what is gone.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { mapConcurrently } from "../../support/mapConcurrently.js";
import { actionBytes, byPartition, storageCallOrNull, transactionChunks } from "./tableSupport.js";

/** One entry's actions, all in its partition. */
export interface Unit {
  partitionKey: string;
  actions: TransactionAction[];
}

/** Single writes in flight when a failed transaction is retried action by action. */
const FALLBACK_CONCURRENCY = 16;

/** Writes the units, partitions in parallel, each unit whole in one transaction. */
export async function writeUnits(table: TableClient, units: readonly Unit[], what: string): Promise<void> {
  const groups = byPartition(units, (u) => u.partitionKey);
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const items = group.map((unit) => unit.actions.map((action) => ({ unit, action })));
      for (const chunk of transactionChunks(items, ({ action }) => actionBytes(action))) {
        const written = await storageCallOrNull(what, () => table.submitTransaction(chunk.map(({ action }) => action)));
        if (written !== null) continue;
        const alone = [...new Set(chunk.map(({ unit }) => unit))];
        await mapConcurrently(alone, FALLBACK_CONCURRENCY, (unit) => writeAlone(table, unit, what));
      }
    }),
  );
}

/** A unit's actions one by one: none after a missing row (its first action), a missing index row skipped. */
async function writeAlone(table: TableClient, unit: Unit, what: string): Promise<void> {
  for (const [index, action] of unit.actions.entries()) {
    const written = await storageCallOrNull(what, () => table.submitTransaction([action]));
    if (written === null && index === 0) return;
  }
}
