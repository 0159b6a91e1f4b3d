// Shared Azure Table storage plumbing: clients that tolerate Azurite's plain HTTP, storage error mapping, binary
// properties split into 64 KB chunks (the per-property limit), and transactions chunked to 100 operations.
import type { TokenCredential } from "@azure/core-auth";
import {
  RestError,
  TableClient,
  type TableTransactionEntityResponse,
  type TransactionAction,
} from "@azure/data-tables";
import { AppError } from "../domain/appError.js";

/** Largest binary property Azure Tables accepts, in bytes. */
const MAX_PROPERTY_BYTES = 64 * 1024;
/** Most operations one entity-group transaction may hold. */
const MAX_TRANSACTION_ACTIONS = 100;

/** Where tables live: a connection string (Azurite, or keys), or the Table endpoint with a credential (Azure). */
export type TableSource = string | { url: string; credential: TokenCredential };

/** A TableClient for `table`, created if missing (Azurite over plain HTTP is allowed). */
export async function openTable(source: TableSource, table: string): Promise<TableClient> {
  const client =
    typeof source === "string"
      ? TableClient.fromConnectionString(source, table, {
          allowInsecureConnection: source.includes("http://") || source.includes("UseDevelopmentStorage"),
        })
      : new TableClient(source.url, table, source.credential);
  await storageCall(`create table ${table}`, () => client.createTable());
  return client;
}

/** Runs a storage call, mapping failures: 409/412 → CONFLICT, 404 → NOT_FOUND, anything else → STORAGE_UNAVAILABLE. */
export async function storageCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStorageError(what, error);
  }
}

/** The AppError for a storage failure. */
export function toStorageError(what: string, error: unknown): AppError {
  const status = error instanceof RestError ? error.statusCode : undefined;
  const code = status === 409 || status === 412 ? "CONFLICT" : status === 404 ? "NOT_FOUND" : "STORAGE_UNAVAILABLE";
  const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new AppError(code, `${what}: ${text}`, { cause: error, details: { status: status ?? null } });
}

/** Whether a storage error is a 409 "already exists". */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 409;
}

/** Splits bytes into `prefix0`, `prefix1`, … binary properties of at most 64 KB, plus `prefixChunks`. */
export function packBytes(prefix: string, bytes: Uint8Array): Record<string, Uint8Array | number> {
  const properties: Record<string, Uint8Array | number> = {};
  let index = 0;
  for (let offset = 0; offset < bytes.length || index === 0; offset += MAX_PROPERTY_BYTES, index++) {
    properties[`${prefix}${index}`] = bytes.subarray(offset, offset + MAX_PROPERTY_BYTES);
  }
  properties[`${prefix}Chunks`] = index;
  return properties;
}

/** Joins what {@link packBytes} split. */
export function unpackBytes(prefix: string, entity: Record<string, unknown>): Uint8Array {
  const count = Number(entity[`${prefix}Chunks`] ?? 0);
  const parts = Array.from({ length: count }, (_, i) => entity[`${prefix}${i}`] as Uint8Array);
  return Buffer.concat(parts);
}

/** Packs one partition's units (a few actions that belong together) into transactions of at most 100 actions. */
export function transactionChunks<T>(units: readonly (readonly T[])[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  for (const unit of units) {
    if (current.length > 0 && current.length + unit.length > MAX_TRANSACTION_ACTIONS) {
      chunks.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Submits actions of one partition in transactions of at most 100 operations. */
export async function submitInChunks(
  client: TableClient,
  actions: TransactionAction[],
  what: string,
): Promise<TableTransactionEntityResponse[]> {
  const responses: TableTransactionEntityResponse[] = [];
  for (let i = 0; i < actions.length; i += MAX_TRANSACTION_ACTIONS) {
    const chunk = actions.slice(i, i + MAX_TRANSACTION_ACTIONS);
    const result = await storageCall(what, () => client.submitTransaction(chunk));
    responses.push(...result.subResponses);
  }
  return responses;
}

/** Groups items by a partition key, keeping order within each group. */
export function byPartition<T>(items: readonly T[], partitionOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = partitionOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
