// Parses the bodies of the subscriptions admin API (`POST /api/subscriptions`, `PATCH /api/subscriptions/{id}`):
// every problem is reported by field, nothing unknown is accepted silently.
import { parseIssuerFilter, type IssuerFilter } from "./subscriptionFilter.js";

/** The fields a caller may set. */
export interface SubscriptionChanges {
  url?: string;
  filter?: IssuerFilter;
  description?: string;
  state?: "active" | "disabled";
}

/** Options for {@link parseSubscriptionRequest}. */
export interface ParseSubscriptionOptions {
  /** Whether `url` is required (create) or optional (update). */
  create: boolean;
  /** Allow plain http URLs (local runs only). */
  allowHttp: boolean;
}

const KNOWN = new Set(["url", "filter", "description", "state"]);

/** The changes in `body`, or the list of problems. */
export function parseSubscriptionRequest(
  body: unknown,
  options: ParseSubscriptionOptions,
): { ok: true; changes: SubscriptionChanges } | { ok: false; errors: string[] } {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return { ok: false, errors: ["body must be a JSON object"] };
  const input = body as Record<string, unknown>;
  const errors = Object.keys(input)
    .filter((k) => !KNOWN.has(k))
    .map((k) => `${k} is not a known field`);
  const changes: SubscriptionChanges = {};
  if (input.url !== undefined || options.create) {
    const url = checkUrl(input.url, options.allowHttp);
    if (typeof url === "string") changes.url = url;
    else errors.push(url.error);
  }
  if (input.filter !== undefined || options.create) {
    const raw = input.filter === undefined ? undefined : (input.filter as { issuers?: unknown } | null)?.issuers;
    const parsed = parseIssuerFilter(raw);
    if (parsed.ok) changes.filter = parsed.filter;
    else errors.push(parsed.error);
  }
  if (input.description !== undefined) {
    if (typeof input.description === "string" && input.description.length <= 200)
      changes.description = input.description;
    else errors.push("description must be a string of at most 200 characters");
  }
  if (input.state !== undefined) {
    if (input.state === "active" || input.state === "disabled") changes.state = input.state;
    else errors.push('state must be "active" or "disabled"');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes };
}

function checkUrl(value: unknown, allowHttp: boolean): string | { error: string } {
  if (typeof value !== "string") return { error: "url is required" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: "url must be an absolute URL" };
  }
  if (url.protocol === "https:" || (allowHttp && url.protocol === "http:")) return url.toString();
  return { error: allowHttp ? "url must be http or https" : "url must be https" };
}

/** What `POST /api/subscriptions/{id}/replay` may ask for. */
export interface ReplayChoice {
  sinceTime?: string;
  sinceBlock?: number;
  onlyFailed?: boolean;
}

/** Parses a replay body: `{ "since": ISO time | block number, "onlyFailed": boolean }`, all optional. */
export function parseReplayRequest(
  body: unknown,
): { ok: true; choice: ReplayChoice } | { ok: false; errors: string[] } {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input !== "object" || Array.isArray(input)) return { ok: false, errors: ["body must be a JSON object"] };
  const errors = Object.keys(input)
    .filter((k) => k !== "since" && k !== "onlyFailed")
    .map((k) => `${k} is not a known field`);
  const choice: ReplayChoice = {};
  if (typeof input.since === "number" && Number.isSafeInteger(input.since) && input.since >= 0) {
    choice.sinceBlock = input.since;
  } else if (typeof input.since === "string" && !Number.isNaN(Date.parse(input.since))) {
    choice.sinceTime = new Date(input.since).toISOString();
  } else if (input.since !== undefined) {
    errors.push("since must be an ISO-8601 time or a block number");
  }
  if (typeof input.onlyFailed === "boolean") choice.onlyFailed = input.onlyFailed;
  else if (input.onlyFailed !== undefined) errors.push("onlyFailed must be true or false");
  return errors.length > 0 ? { ok: false, errors } : { ok: true, choice };
}
