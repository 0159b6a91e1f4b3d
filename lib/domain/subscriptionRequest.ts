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
