// The one row format of every store: a document in a `doc` property (UTF-8 JSON, split into 64 KB binary chunks
// when large) plus a few plain columns for server-side filters. Documents are written with devalue, which encodes
// every value JSON cannot carry (bigint, undefined, -0) with an explicit type tag, so a row reads back exactly what
// was written whatever its strings or keys look like: no type is ever guessed from a string's shape.
import type { TableClient, TableEntityResult } from "@azure/data-tables";
import { parse, stringify } from "devalue";
import { AppError } from "../../domain/appError.js";
import { packBytes, storageCall, storageCallOrNull, unpackBytes } from "./tableSupport.js";

/** Extra filterable columns stored beside the document. */
export type Columns = Record<string, string | number | boolean>;

/** The row properties for `doc` and `columns`. */
export function docRow(key: { partitionKey: string; rowKey: string }, doc: unknown, columns: Columns = {}) {
  return { ...key, ...columns, ...packBytes("doc", encodeDoc(doc)) };
}

/** The document of a row. */
export function readDoc<T>(row: Record<string, unknown>): T {
  return decodeDoc<T>(unpackBytes("doc", row));
}

/** A document's stored bytes. */
export function encodeDoc(doc: unknown): Uint8Array {
  return Buffer.from(stringify(doc), "utf8");
}

/** The document {@link encodeDoc} stored. */
export function decodeDoc<T>(bytes: Uint8Array): T {
  return parse(Buffer.from(bytes).toString("utf8")) as T;
}

/** The document at (partition, row) with its ETag, or null. */
export async function getDoc<T>(
  table: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<{ doc: T; etag: string } | null> {
  const row = await storageCallOrNull(`read ${partitionKey}/${rowKey}`, () =>
    table.getEntity<Record<string, unknown>>(partitionKey, rowKey),
  );
  return row ? { doc: readDoc<T>(row), etag: row.etag } : null;
}

/** Every row matching an OData filter, as documents (with their rows' keys). */
export async function queryDocs<T>(table: TableClient, filter: string, limit = Infinity): Promise<T[]> {
  const found: T[] = [];
  await storageCall(`query ${table.tableName}`, async () => {
    const rows = table.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
    for await (const row of rows as AsyncIterable<TableEntityResult<Record<string, unknown>>>) {
      found.push(readDoc<T>(row));
      if (found.length >= limit) break;
    }
  });
  return found;
}

/** Deletes a row; false when it did not exist. */
export async function deleteRow(table: TableClient, partitionKey: string, rowKey: string): Promise<boolean> {
  const deleted = await storageCallOrNull(`delete ${partitionKey}/${rowKey}`, async () => {
    await table.deleteEntity(partitionKey, rowKey);
    return true;
  });
  return deleted ?? false;
}

/** An OData string literal (single quotes doubled). */
export function odata(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A key safe for PartitionKey/RowKey (no / \ # ? or control characters). */
export function safeKey(value: string): string {
  if (!isSafeKey(value)) {
    throw new AppError("INVALID_MESSAGE", "a table key may not contain / \\ # ? or control characters");
  }
  return value;
}

/** Whether `value` can be a PartitionKey/RowKey; a lookup by a key that cannot be stored finds nothing. */
export function isSafeKey(value: string): boolean {
  const control = [...value].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0));
  return !/[/\\#?]/.test(value) && !control && value.length <= 512;
}
