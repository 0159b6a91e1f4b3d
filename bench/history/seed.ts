// Seeds a bank's tables directly with a finished history: final outbox rows with their final-index rows (in the
// outbox's layout, outboxRows), final batch transactions of 50 updates, and one delivered delivery with one attempt
// per update (through their stores). Older than any look-back window, as years of history are.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { finalKey, outboxRow } from "../../lib/adapters/outboxRows.js";
import { byPartition } from "../../lib/adapters/tableSupport.js";
import { mapConcurrently } from "../../lib/mapConcurrently.js";
import type { Delivery, DeliveryStore } from "../../lib/distributionPorts.js";
import type { OutboxEntry, StoredTransaction, TransactionStore } from "../../lib/ports.js";
import { sampleEntry, sampleUpdate } from "../../test/support/outboxEntries.js";

/** The tables seeded: the outbox written in its layout (outboxRows), the others through their stores. */
export interface HistoryTables {
  outbox: TableClient;
  transactions: TransactionStore;
  deliveries: DeliveryStore;
}

const PER_TX = 50;
const FINAL_AT = "2025-01-01T00:00:00.000Z";

/** Writes `updates` final updates and everything they left behind; `address` signed them, `subscriptionId` got them. */
export async function seedHistory(
  tables: HistoryTables,
  input: { updates: number; address: string; subscriptionId: string },
): Promise<void> {
  for (let first = 0; first < input.updates; first += 5_000) {
    const entries = Array.from({ length: Math.min(5_000, input.updates - first) }, (_, i) => finalEntry(first + i));
    const rows = entries.flatMap((e): TransactionAction[] => [
      ["create", outboxRow(e)],
      ["create", finalKey(FINAL_AT, e.updateIdHash)],
    ]);
    await writeRows(tables.outbox, rows);
    const deliveries = entries.map((e) => delivery(e, input.subscriptionId));
    const attempts = deliveries.map(({ subscriptionId, webhookId }) => ({
      subscriptionId,
      webhookId,
      attempt: 1,
      at: FINAL_AT,
      outcome: "2xx",
      status: 200,
      durationInMs: 5,
    }));
    await tables.deliveries.putMany(deliveries, attempts);
  }
  const nonces = Array.from({ length: Math.ceil(input.updates / PER_TX) }, (_, nonce) => nonce);
  await mapConcurrently(nonces, 16, (nonce) => tables.transactions.store(finalTransaction(input.address, nonce)));
}

function finalEntry(n: number): OutboxEntry {
  return {
    ...sampleEntry(sampleUpdate(1_000_000 + n), FINAL_AT),
    status: "confirmed",
    finalAt: FINAL_AT,
    txHash: "0x" + "ab".repeat(32),
    nonce: Math.floor(n / PER_TX),
    blockNumber: 1,
  };
}

function delivery(entry: OutboxEntry, subscriptionId: string): Delivery {
  const event = { txHash: "0x" + "ab".repeat(32), blockNumber: 1, logIndex: 0, updateId: entry.updateIdHash };
  return {
    subscriptionId,
    webhookId: `msg_${entry.updateIdHash.slice(2, 34)}`,
    event: event as unknown as Delivery["event"],
    status: "delivered",
    createdAt: FINAL_AT,
    updatedAt: FINAL_AT,
    attempts: 1,
    retryIndex: 0,
    jobToken: "t#claimed",
    deliveredAt: FINAL_AT,
  };
}

function finalTransaction(address: string, nonce: number): StoredTransaction {
  const entries = Array.from({ length: PER_TX }, (_, i) => ({
    updateId: `u-${nonce}-${i}`,
    updateIdHash: "0x01",
    subjectKey: "0x02",
  }));
  const hash = "0x" + String(nonce).padStart(64, "0");
  return {
    address,
    nonce,
    hash,
    raw: "0x" + "00".repeat(3_000),
    entries,
    status: "confirmed",
    createdAt: FINAL_AT,
    broadcasts: 1,
  };
}

/** Creates rows in transactions of 100 per partition, 16 in flight. */
async function writeRows(table: TableClient, rows: TransactionAction[]): Promise<void> {
  const batches: TransactionAction[][] = [];
  for (const group of byPartition(rows, (action) => action[1].partitionKey).values())
    for (let i = 0; i < group.length; i += 100) batches.push(group.slice(i, i + 100));
  await mapConcurrently(batches, 16, (actions) => table.submitTransaction(actions));
}
