// The outbox's row layout, owned here and nowhere else: the store and the reader both build keys and read rows with
// these functions. A row holds the immutable entry as a document (tableDocuments' format) and the state that changes
// after storing (status, times, transaction) as plain columns, so transitions are blind Merge writes and a read
// always merges the two. Three indexes share each entry's partition, so the writes that change them are one
// entity-group transaction: `open~<hash>`, a copy of each entry not yet final, `final~<ms>~<hash>`, a key-only row
// per final outcome in order of its time (reconciliation's walk over history, and retention's), and
// `subj~<subject key>~<hash>`, a key-only row per entry of a subject (erasure's lookup).
import type { OutboxEntry } from "../../ports/outbox.js";
import { docRow, odata, readDoc } from "./tableDocuments.js";

/** Row-key prefixes of the three indexes (after every hex row key). */
const OPEN_PREFIX = "open~";
const FINAL_PREFIX = "final~";
const SUBJECT_PREFIX = "subj~";

/** The erasure mark's row (erasureMark.ts): in a partition of its own, outside every index and the entries'. */
export const ERASURE_MARK_KEY = { partitionKey: "~erasure", rowKey: "mark" } as const;

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

/** The row key of an entry: its update id hash (keccak(updateId)) in lower-case hex without 0x, however written. */
export function outboxRowKey(updateIdHash: string): string {
  return updateIdHash.toLowerCase().replace(/^0x/, "");
}

/** The keys of an entry's row: 16 partitions by the first hex digit of its row key ({@link outboxRowKey}). */
export function outboxKey(updateIdHash: string): { partitionKey: string; rowKey: string } {
  const hex = outboxRowKey(updateIdHash);
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

/** The outbox's 16 partitions. */
export const OUTBOX_PARTITIONS = [..."0123456789abcdef"];

/** The key of an entry's open-index row (a copy of the entry while it is not final). */
export function openKey(updateIdHash: string): { partitionKey: string; rowKey: string } {
  const key = outboxKey(updateIdHash);
  return { partitionKey: key.partitionKey, rowKey: `${OPEN_PREFIX}${key.rowKey}` };
}

/** The open-index row of an entry: the outbox row under the index key. */
export function openRow(entry: OutboxEntry): Row {
  return { ...outboxRow(entry), ...openKey(entry.updateIdHash) };
}

/** Where a final outcome sits in the walk over history: its time (ms, zero-padded), then the update hash. */
export function finalPosition(finalAt: string, updateIdHash: string): string {
  const millis = Date.parse(finalAt);
  return `${String(Number.isNaN(millis) ? 0 : millis).padStart(15, "0")}~${outboxKey(updateIdHash).rowKey}`;
}

/** The key of a final outcome's row in the final index. */
export function finalKey(finalAt: string, updateIdHash: string): { partitionKey: string; rowKey: string } {
  const { partitionKey } = outboxKey(updateIdHash);
  return { partitionKey, rowKey: `${FINAL_PREFIX}${finalPosition(finalAt, updateIdHash)}` };
}

/** The position a final-index row key stands for. */
export function positionOf(finalRowKey: string): string {
  return finalRowKey.slice(FINAL_PREFIX.length);
}

/** The filter of one partition's index rows: open ones, or final ones after `after` (a position) up to `upTo`. */
export function indexFilter(partitionKey: string, index: "open" | { after: string | null; upTo?: string }): string {
  const [from, to] =
    index === "open"
      ? [`RowKey ge '${OPEN_PREFIX}'`, `RowKey lt '${OPEN_PREFIX}~'`]
      : [
          `RowKey gt '${FINAL_PREFIX}${index.after ?? ""}'`,
          `RowKey ${index.upTo === undefined ? "lt" : "le"} '${FINAL_PREFIX}${index.upTo ?? "~"}'`,
        ];
  return `PartitionKey eq '${partitionKey}' and ${from} and ${to}`;
}

/**
 * The key of an entry's row in the subject index (key-only, written and deleted with the entry) for an entry of a
 * subject: an update or an erasure's tombstone. Null for a governance action, which belongs to no subject.
 */
export function subjectIndexKey(entry: OutboxEntry): { partitionKey: string; rowKey: string } | null {
  if (entry.kind === "governance") return null;
  const key = outboxKey(entry.updateIdHash);
  return { partitionKey: key.partitionKey, rowKey: `${subjectPrefix(entry.input.subjectKey)}${key.rowKey}` };
}

/** The filter of one partition's subject-index rows of `subjectKey` (any case). */
export function subjectFilter(partitionKey: string, subjectKey: string): string {
  const prefix = subjectPrefix(subjectKey);
  return `PartitionKey eq '${partitionKey}' and RowKey ge ${odata(prefix)} and RowKey lt ${odata(`${prefix}~`)}`;
}

/** The row key of the entry a subject-index row stands for. */
export function entryOfSubjectRow(subjectRowKey: string): string {
  return subjectRowKey.slice(subjectRowKey.lastIndexOf("~") + 1);
}

/** The start of every subject-index row key of `subjectKey`; the entries' hex row keys that follow sort before `~`. */
function subjectPrefix(subjectKey: string): string {
  return `${SUBJECT_PREFIX}${subjectKey.toLowerCase()}~`;
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
