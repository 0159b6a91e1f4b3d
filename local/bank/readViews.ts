// Renders read API answers for the terminal: an update's status timeline, and a table of every bank's record of
// a subject with issuers named from the consortium file. Unrecognised shapes are printed as indented JSON.
import { bankByAddress, type Consortium } from "./consortium.js";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (v === undefined || v === null || v === "" ? "-" : String(v));

/** Lines for `GET /api/updates/{id}`: a header with the current status, then one line per timeline event. */
export function formatTimeline(updateId: string, body: unknown): string[] {
  const events = listIn(body, ["timeline", "events", "history"]);
  if (!events) return [JSON.stringify(body, null, 2)];
  const current = isObject(body) && typeof body["status"] === "string" ? body["status"] : events.at(-1)?.["status"];
  const lines = [`${updateId}: ${text(current)}`];
  for (const event of events) {
    const extras = [
      event["txHash"] !== undefined ? `tx ${text(event["txHash"])}` : "",
      event["nonce"] !== undefined ? `nonce ${text(event["nonce"])}` : "",
      event["blockNumber"] !== undefined ? `block ${text(event["blockNumber"])}` : "",
      event["reason"] !== undefined ? `reason ${JSON.stringify(event["reason"])}` : "",
    ].filter(Boolean);
    lines.push(`  ${text(event["at"])}  ${text(event["status"]).padEnd(10)} ${extras.join("  ")}`.trimEnd());
  }
  return lines;
}

/** Lines for `GET /api/records`: a table, one row per issuing bank, or a sentence when there is none. */
export function formatRecords(body: unknown, consortium: Consortium): string[] {
  const records = listIn(body, ["records", "items", "value"]);
  if (!records) return [JSON.stringify(body, null, 2)];
  if (records.length === 0) return ["no bank has a record of this subject"];
  const header = ["bank", "score", "model", "asOf", "block", "tx"];
  const rows = records.map((r) => [
    issuerName(r, consortium),
    text(r["score"] ?? field(r, "onChain", "score")),
    text(r["scoreModel"] ?? field(r, "onChain", "scoreModel")),
    instant(r["asOf"] ?? field(r, "onChain", "asOf")),
    text(r["blockNumber"]),
    text(r["txHash"]),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The array `body` is, or the first array under one of `keys`; `undefined` when neither. */
function listIn(body: unknown, keys: readonly string[]): Json[] | undefined {
  const list = Array.isArray(body) ? body : isObject(body) ? keys.map((k) => body[k]).find(Array.isArray) : undefined;
  return list?.filter(isObject);
}

function field(record: Json, outer: string, inner: string): unknown {
  const value = record[outer];
  return isObject(value) ? value[inner] : undefined;
}

function issuerName(record: Json, consortium: Consortium): string {
  for (const key of ["bank", "bankName", "issuerName"]) if (typeof record[key] === "string") return record[key];
  const issuer = record["issuer"];
  if (typeof issuer !== "string") return "-";
  return bankByAddress(consortium, issuer)?.name ?? issuer;
}

/** An `asOf` given as ISO text or as decimal milliseconds (the chain's form), as ISO text. */
function instant(value: unknown): string {
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value))) {
    return new Date(Number(value)).toISOString();
  }
  return text(value);
}
