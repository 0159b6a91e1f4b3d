// Seeds a bank's tables directly with a finished history, in the stores' own row layouts (outboxRows, deliveryRows,
// the transaction store's rows): final outbox rows with their final-index and subject-index rows, final batch
// transactions of 50 updates, and one delivered delivery with one attempt per update. Rows go in entity-group
// transactions of 100 per partition, many in flight, chunk after chunk so memory stays small. Older than any
// look-back window or retention the steps use, as years of history are.
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { attemptRow, deliveryRow } from "../../lib/adapters/tables/deliveryRows.js";
import { finalKey, outboxRow, subjectIndexKey } from "../../lib/adapters/tables/outboxRows.js";
import { transactionActions } from "../../lib/adapters/tables/tableTransactionStore.js";
import { byPartition } from "../../lib/adapters/tables/tableSupport.js";
import { mapConcurrently } from "../../lib/support/mapConcurrently.js";
import type { Delivery } from "../../lib/ports/distribution.js";
import type { OutboxEntry } from "../../lib/ports/outbox.js";
import type { StoredTransaction } from "../../lib/ports/submission.js";
import { sampleEntry, sampleUpdate } from "../../test/support/outboxEntries.js";

/** The tables seeded. */
export interface HistoryTables {
  outbox: TableClient;
  transactions: TableClient;
  deliveries: TableClient;
}

const PER_TX = 50;
const CHUNK = 10_000;
const FINAL_AT = "2025-01-01T00:00:00.000Z";
/** Transactions (of up to 100 rows) in flight against one table. */
const IN_FLIGHT = 16;

/** Writes `updates` final updates and everything they left behind; returns the entities written. */
export async function seedHistory(
  tables: HistoryTables,
  input: { updates: number; address: string; subscriptionId: string; onProgress?: (updates: number) => void },
): Promise<number> {
  let written = 0;
  for (let first = 0; first < input.updates; first += CHUNK) {
    const entries = Array.from({ length: Math.min(CHUNK, input.updates - first) }, (_, i) => finalEntry(first + i));
    const outbox = entries.flatMap((e): TransactionAction[] => [
      ["create", outboxRow(e)],
      ["create", finalKey(FINAL_AT, e.updateIdHash)],
      ["create", subjectIndexKey(e)!],
    ]);
    const deliveries = entries.flatMap((e): TransactionAction[] => {
      const d = delivery(e, input.subscriptionId);
      const { subscriptionId, webhookId } = d;
      const attempt = { subscriptionId, webhookId, attempt: 1, at: FINAL_AT, outcome: "HTTP 200", durationInMs: 5 };
      return [
        ["create", deliveryRow(d)],
        ["create", attemptRow(attempt)],
      ];
    });
    const nonces = [...new Set(entries.map((e) => e.nonce!))];
    const transactions = nonces.flatMap((nonce) => transactionActions(finalTransaction(input.address, nonce)));
    await Promise.all([
      writeRows(tables.outbox, outbox),
      writeRows(tables.deliveries, deliveries),
      writeRows(tables.transactions, transactions),
    ]);
    written += outbox.length + deliveries.length + transactions.length;
    input.onProgress?.(first + entries.length);
  }
  return written;
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

/** Creates rows in transactions of 100 per partition, many in flight. */
async function writeRows(table: TableClient, rows: TransactionAction[]): Promise<void> {
  const batches: TransactionAction[][] = [];
  for (const group of byPartition(rows, (action) => action[1].partitionKey).values())
    for (let i = 0; i < group.length; i += 100) batches.push(group.slice(i, i + 100));
  await mapConcurrently(batches, IN_FLIGHT, (actions) => submit(table, actions));
}

/**
 * Submits a transaction, again after a connection the server closed under it (Azurite's keep-alive, under this
 * load); a transaction that did land the first time answers 409 the second, which is what seeding wanted.
 */
async function submit(table: TableClient, actions: TransactionAction[], tries = 5): Promise<void> {
  try {
    await table.submitTransaction(actions);
  } catch (error) {
    const { code, statusCode } = error as { code?: string; statusCode?: number };
    if (statusCode === 409 && tries < 5) return;
    if (tries <= 1 || !["EPIPE", "ECONNRESET", "REQUEST_SEND_ERROR"].includes(code ?? "")) throw error;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await submit(table, actions, tries - 1);
  }
}
