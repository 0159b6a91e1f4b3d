// Shared Azure Table storage plumbing: clients that tolerate Azurite's plain HTTP, storage error mapping, binary
// properties split into 64 KB chunks (the per-property limit), and transactions chunked to 100 operations.
import type { TokenCredential } from "@azure/core-auth";
import {
  RestError,
  TableClient,
  type TableTransactionEntityResponse,
  type TransactionAction,
} from "@azure/data-tables";
import { AppError, isAppError } from "../../domain/appError.js";
import { TABLE_LIMITS, tableLimitsPolicy } from "./tableLimits.js";

const MAX_PROPERTY_BYTES = TABLE_LIMITS.propertyBytes;
const MAX_TRANSACTION_ACTIONS = TABLE_LIMITS.transactionActions;
/** Serialised bytes one transaction carries at most: the 4 MiB limit less room for multipart headers. */
const TRANSACTION_BUDGET_BYTES = TABLE_LIMITS.transactionBytes - 256 * 1024;

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
  client.pipeline.addPolicy(tableLimitsPolicy());
  await storageCall(`create table ${table}`, () => client.createTable());
  return client;
}

/**
 * Runs a storage call, mapping failures: 409/412 → CONFLICT, 404 → NOT_FOUND, a size refused (by our limits policy
 * or the service) → TOO_LARGE, any other 400 → STORAGE_REJECTED, anything else → STORAGE_UNAVAILABLE.
 */
export async function storageCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStorageError(what, error);
  }
}

/**
 * {@link storageCall} that answers null when the row (or a row one of the call's actions needs) does not exist: the
 * one get-or-null of every store.
 */
export async function storageCallOrNull<T>(what: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    const mapped = toStorageError(what, error);
    if (mapped.code === "NOT_FOUND") return null;
    throw mapped;
  }
}

/**
 * Runs a conditional write; false when its condition failed (409 exists, 412 changed, 404 gone or absent): another
 * writer got there first. Other failures are mapped as by {@link storageCall}.
 */
export async function conditionalWrite(what: string, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    const mapped = toStorageError(what, error);
    if (mapped.code === "CONFLICT" || mapped.code === "NOT_FOUND") return false;
    throw mapped;
  }
}

/** The AppError for a storage failure. */
export function toStorageError(what: string, error: unknown): AppError {
  if (isAppError(error)) return new AppError(error.code, `${what}: ${error.message}`, { cause: error });
  const status = error instanceof RestError ? error.statusCode : undefined;
  const serviceCode = error instanceof RestError ? error.code : undefined;
  const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const details = { status: status ?? null, serviceCode: serviceCode ?? null };
  return new AppError(storageCode(status, serviceCode), `${what}: ${text}`, { cause: error, details });
}

/** Service error codes that mean the request was too large (Azure answers them with 400 or 413). */
const TOO_LARGE_CODES = new Set(["EntityTooLarge", "PropertyValueTooLarge", "RequestBodyTooLarge", "KeyValueTooLarge"]);

function storageCode(status: number | undefined, serviceCode: string | undefined): AppError["code"] {
  if (status === 409 || status === 412) return "CONFLICT";
  if (status === 404) return "NOT_FOUND";
  if (status === 413 || (serviceCode !== undefined && TOO_LARGE_CODES.has(serviceCode))) return "TOO_LARGE";
  return status === 400 ? "STORAGE_REJECTED" : "STORAGE_UNAVAILABLE";
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

/**
 * Packs one partition's units (a few actions that belong together) into transactions of at most 100 actions and,
 * with `bytesOf`, at most the serialised size one transaction may carry.
 */
export function transactionChunks<T>(units: readonly (readonly T[])[], bytesOf: (item: T) => number = () => 0): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const unit of units) {
    const unitBytes = unit.reduce((sum, item) => sum + bytesOf(item), 0);
    const full = current.length + unit.length > MAX_TRANSACTION_ACTIONS || bytes + unitBytes > TRANSACTION_BUDGET_BYTES;
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...unit);
    bytes += unitBytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * About how many bytes an action adds to a transaction's body, from above: its properties as JSON (binary as base64,
 * text at worst six bytes a character when escaped), plus the sub-request's headers.
 */
export function actionBytes(action: TransactionAction): number {
  let bytes = 400;
  for (const [name, value] of Object.entries(action[1])) {
    const size =
      value instanceof Uint8Array
        ? Math.ceil(value.length / 3) * 4 + 40
        : typeof value === "string"
          ? value.length * 6
          : 24;
    bytes += name.length + 6 + size;
  }
  return bytes;
}

/** Submits actions of one partition in transactions of at most 100 operations and 4 MiB. */
export async function submitInChunks(
  client: TableClient,
  actions: TransactionAction[],
  what: string,
): Promise<TableTransactionEntityResponse[]> {
  const responses: TableTransactionEntityResponse[] = [];
  for (const chunk of transactionChunks(
    actions.map((a) => [a]),
    actionBytes,
  )) {
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
