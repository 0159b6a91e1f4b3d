// Parses the bodies of the subscriptions admin API (`POST /api/subscriptions`, `PATCH /api/subscriptions/{id}`):
// every problem is reported by field, nothing unknown or ill-typed is accepted silently, and error lists stay
// bounded whatever the body holds. Whether the URL's destination may be reached is the address guard's call.
import { parseIssuerFilter, type IssuerFilter } from "./subscriptionFilter.js";
import { unknownFields } from "./unknownFields.js";

/** The longest subscription URL accepted (browsers' and proxies' common bound). */
export const MAX_URL_LENGTH = 2_048;

/** The longest description accepted. */
export const MAX_DESCRIPTION_LENGTH = 200;

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

const KNOWN = ["url", "filter", "description", "state"];

/** The changes in `body`, or the list of problems. */
export function parseSubscriptionRequest(
  body: unknown,
  options: ParseSubscriptionOptions,
): { ok: true; changes: SubscriptionChanges } | { ok: false; errors: string[] } {
  if (!isObject(body)) return { ok: false, errors: ["body must be a JSON object"] };
  const errors = unknownFields(body, KNOWN, "");
  const changes: SubscriptionChanges = {};
  if (body.url !== undefined || options.create) {
    const url = checkUrl(body.url, options.allowHttp);
    if (typeof url === "string") changes.url = url;
    else errors.push(url.error);
  }
  if (body.filter !== undefined || options.create) {
    const parsed = parseFilter(body.filter);
    if (parsed.ok) changes.filter = parsed.filter;
    else errors.push(...parsed.errors);
  }
  if (body.description !== undefined) {
    if (typeof body.description === "string" && body.description.length <= MAX_DESCRIPTION_LENGTH)
      changes.description = body.description;
    else errors.push(`description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  if (body.state !== undefined) {
    if (body.state === "active" || body.state === "disabled") changes.state = body.state;
    else errors.push('state must be "active" or "disabled"');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes };
}

/** `filter`: absent means `{ issuers: "self" }`; present, it must be an object with exactly `issuers`. */
function parseFilter(value: unknown): { ok: true; filter: IssuerFilter } | { ok: false; errors: string[] } {
  if (value === undefined) return { ok: true, filter: "self" };
  if (!isObject(value)) return { ok: false, errors: ['filter must be an object such as { "issuers": "self" }'] };
  const errors = unknownFields(value, ["issuers"], "filter.");
  if (value.issuers === undefined) errors.push("filter.issuers is required");
  const parsed = parseIssuerFilter(value.issuers);
  if (!parsed.ok && value.issuers !== undefined) errors.push(parsed.error);
  return errors.length > 0 || !parsed.ok ? { ok: false, errors } : parsed;
}

function checkUrl(value: unknown, allowHttp: boolean): string | { error: string } {
  if (value === undefined) return { error: "url is required" };
  if (typeof value !== "string") return { error: "url must be a string" };
  if (value.length > MAX_URL_LENGTH) return { error: `url must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: "url must be an absolute URL" };
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
    return { error: allowHttp ? "url must be http or https" : "url must be https" };
  }
  if (url.username !== "" || url.password !== "") return { error: "url must not carry credentials (user:pass@)" };
  if (url.hash !== "") return { error: "url must not have a fragment" };
  const normalised = url.toString();
  return normalised.length > MAX_URL_LENGTH
    ? { error: `url must be at most ${MAX_URL_LENGTH} characters` }
    : normalised;
}

/** What `POST /api/subscriptions/{id}/replay` may ask for. */
export interface ReplayChoice {
  sinceTime?: string;
  sinceBlock?: number;
  onlyFailed?: boolean;
}

/** Parses a replay body: `{ "since": ISO time | block number, "onlyFailed": boolean }`, all optional; no body = {}. */
export function parseReplayRequest(
  body: unknown,
): { ok: true; choice: ReplayChoice } | { ok: false; errors: string[] } {
  const input = body === undefined ? {} : body;
  if (!isObject(input)) return { ok: false, errors: ["body must be a JSON object"] };
  const errors = unknownFields(input, ["since", "onlyFailed"], "");
  const choice: ReplayChoice = {};
  if (typeof input.since === "number" && Number.isSafeInteger(input.since) && input.since >= 0) {
    choice.sinceBlock = input.since;
  } else if (typeof input.since === "string" && input.since.length <= 64 && !Number.isNaN(Date.parse(input.since))) {
    choice.sinceTime = new Date(input.since).toISOString();
  } else if (input.since !== undefined) {
    errors.push("since must be an ISO-8601 time or a block number");
  }
  if (typeof input.onlyFailed === "boolean") choice.onlyFailed = input.onlyFailed;
  else if (input.onlyFailed !== undefined) errors.push("onlyFailed must be true or false");
  return errors.length > 0 ? { ok: false, errors } : { ok: true, choice };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
