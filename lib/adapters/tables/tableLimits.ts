// Azure Table storage's size limits, enforced on every request a TableClient sends (a pipeline policy that reads the
// serialised body), so that tests on Azurite, which enforces none of them, fail where Azure would. Sizes follow the
// service's own accounting: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { AppError } from "../../domain/appError.js";

/** The service's limits, in bytes unless named otherwise. */
export const TABLE_LIMITS = {
  entityBytes: 1024 * 1024,
  /** A string (UTF-16, 2 bytes a character) or binary property. */
  propertyBytes: 64 * 1024,
  /** Properties besides PartitionKey, RowKey and Timestamp. */
  properties: 252,
  keyBytes: 1024,
  transactionBytes: 4 * 1024 * 1024,
  transactionActions: 100,
} as const;

/** The policy that refuses, before sending, any request Azure would refuse for its size. */
export function tableLimitsPolicy(): PipelinePolicy {
  return {
    name: "creditlinkTableLimits",
    sendRequest(request, next) {
      const body = typeof request.body === "string" ? request.body : null;
      const problem = body === null ? null : bodyProblem(body);
      if (problem) throw new AppError("TOO_LARGE", `Azure Tables would refuse this request: ${problem}`);
      return next(request);
    },
  };
}

/** Why Azure would refuse a request body (JSON entity or multipart transaction), or null. */
export function bodyProblem(body: string): string | null {
  if (!body.startsWith("--batch_")) {
    return body.startsWith("{") && mayExceed(body) ? entityProblem(JSON.parse(body) as Wire) : null;
  }
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > TABLE_LIMITS.transactionBytes) return `a transaction of ${bytes} bytes exceeds 4 MiB`;
  const actions = body.match(/^(?:POST|PUT|PATCH|MERGE|DELETE) \S+ HTTP\/1\.1/gm)?.length ?? 0;
  if (actions > TABLE_LIMITS.transactionActions) return `a transaction of ${actions} operations exceeds 100`;
  for (const line of body.split(/\r?\n/)) {
    const problem = line.startsWith("{") && mayExceed(line) ? entityProblem(JSON.parse(line) as Wire) : null;
    if (problem) return problem;
  }
  return null;
}

/**
 * Whether an entity's JSON could break a limit at all, cheaply (most rows are a few KB): a property over 64 KiB
 * needs over 32 Ki characters of JSON, and so does an entity over 1 MiB; 252 properties need as many commas.
 */
function mayExceed(json: string): boolean {
  if (json.length > 32 * 1024) return true;
  let commas = 0;
  for (let i = json.indexOf(","); i !== -1; i = json.indexOf(",", i + 1))
    if (++commas >= TABLE_LIMITS.properties) return true;
  return false;
}

type Wire = Record<string, unknown>;

/** Why Azure would refuse an entity as the SDK serialises it (with `name@odata.type` annotations), or null. */
export function entityProblem(entity: Wire): string | null {
  let size = 4;
  let properties = 0;
  for (const [name, value] of Object.entries(entity)) {
    if (name.includes("@odata.") || name.startsWith("odata.")) continue;
    const valueBytes = valueSize(value, entity[`${name}@odata.type`]);
    if (name === "PartitionKey" || name === "RowKey") {
      if (valueBytes - 4 > TABLE_LIMITS.keyBytes) return `${name} exceeds 1 KiB`;
      size += valueBytes - 4;
      continue;
    }
    if (name === "Timestamp") continue;
    properties++;
    if (valueBytes - 4 > TABLE_LIMITS.propertyBytes)
      return `property ${name} of ${valueBytes - 4} bytes exceeds 64 KiB`;
    size += 8 + name.length * 2 + valueBytes;
  }
  if (properties > TABLE_LIMITS.properties) return `${properties} properties exceed 252`;
  return size > TABLE_LIMITS.entityBytes ? `an entity of ${size} bytes exceeds 1 MiB` : null;
}

function valueSize(value: unknown, type: unknown): number {
  if (type === "Edm.Binary") return Buffer.byteLength(String(value), "base64") + 4;
  if (type === "Edm.Int64" || type === "Edm.DateTime" || type === "Edm.Double") return 8;
  if (type === "Edm.Guid") return 16;
  if (typeof value === "string") return value.length * 2 + 4;
  if (typeof value === "boolean") return 1;
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 4 : 8;
  return 0;
}
