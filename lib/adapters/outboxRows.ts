// The outbox's row layout, owned here and nowhere else: the store and the reader both build keys and read rows with
// these functions. A row holds the immutable entry as a document (tableDocuments' format) and the state that changes
// after storing (status, times, transaction) as plain columns, so transitions are blind Merge writes and a read
// always merges the two.
import type { OutboxEntry } from "../ports.js";
import { docRow, readDoc } from "./tableDocuments.js";

/** The pending list's one partition. */
export const PENDING_PARTITION = "~pending";

/** The fields of an entry that change after it is stored, kept as columns. */
export const STATE_FIELDS = [
  "status",
  "acceptedAt",
  "submittedAt",
  "finalAt",
  "txHash",
  "nonce",
  "blockNumber",
  "reason",
  "requeues",
] as const;

/** An entry's state columns. */
export type OutboxState = Partial<Pick<OutboxEntry, (typeof STATE_FIELDS)[number]>>;

/** The row key of an entry: 16 partitions by the first hex digit of keccak(updateId), the whole hash as row key. */
export function outboxKey(updateIdHash: string): { partitionKey: string; rowKey: string } {
  const hex = updateIdHash.toLowerCase().replace(/^0x/, "");
  return { partitionKey: hex.slice(0, 1), rowKey: hex };
}

/** A table row: its keys and properties. */
export type Row = { partitionKey: string; rowKey: string } & Record<string, unknown>;

/** The outbox row of a new entry. */
export function outboxRow(entry: OutboxEntry): Row {
  return { ...docRow(outboxKey(entry.updateIdHash), immutablePart(entry)), ...stateOf(entry) };
}

/** The entry an outbox row holds, its state columns merged in. */
export function readOutboxRow(row: Record<string, unknown>): OutboxEntry {
  return { ...readDoc<OutboxEntry>(row), ...stateOf(row as OutboxState) };
}

/** The pending-list row of an entry: oldest first by acceptance time (ms, zero-padded), then the update hash. */
export function pendingRow(entry: OutboxEntry): Row {
  return { ...docRow(pendingKey(entry), immutablePart(entry)), ...stateOf(entry) };
}

/** The key of an entry's pending-list row. */
export function pendingKey(entry: OutboxEntry): { partitionKey: string; rowKey: string } {
  const millis = String(Date.parse(entry.acceptedAt)).padStart(15, "0");
  return { partitionKey: PENDING_PARTITION, rowKey: `${millis}_${outboxKey(entry.updateIdHash).rowKey}` };
}

/** The state columns of an entry or row, without the empty ones. */
export function stateOf(source: OutboxState): OutboxState {
  return defined(Object.fromEntries(STATE_FIELDS.map((field) => [field, source[field]])) as OutboxState);
}

/** Drops undefined and null values (a Merge write leaves those columns as they are). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function immutablePart(entry: OutboxEntry): Omit<OutboxEntry, (typeof STATE_FIELDS)[number]> {
  const copy: Record<string, unknown> = { ...entry };
  for (const field of STATE_FIELDS) delete copy[field];
  return copy as Omit<OutboxEntry, (typeof STATE_FIELDS)[number]>;
}
