// Client for a bank's read API on its host: an update's status timeline and every bank's record of a subject, and
// its erasure of a subject (the subject in the JSON body, never in the URL).
// Calls carry the bank's admin function key; refusals, 404s and an unreachable host become readable CliErrors.
import type { Subject } from "../../lib/domain/subject.js";
import { CliError } from "./cliError.js";
import type { ConsortiumBank } from "./consortium.js";

/** How long one read API call may take. */
const REQUEST_TIMEOUT_IN_MS = 10_000;

/** GETs `/api/updates/{updateId}` (the id path-encoded); resolves with the JSON body (the timeline). */
export function fetchUpdateStatus(bank: ConsortiumBank, updateId: string, signal?: AbortSignal): Promise<unknown> {
  const path = `/api/updates/${encodeURIComponent(updateId)}`;
  return getJson(bank, path, { notFound: `bank ${bank.name} has no update "${updateId}"`, signal });
}

/** POSTs the subject to `/api/records/search` (never in the URL); resolves with the JSON body (every bank's record). */
export function fetchSubjectRecords(bank: ConsortiumBank, subject: Subject, signal?: AbortSignal): Promise<unknown> {
  const body = JSON.stringify({ scheme: subject.scheme, country: subject.country, id: subject.id });
  const notFound = "no bank has a record of this subject";
  return getJson(bank, "/api/records/search", { notFound, signal, method: "POST", body });
}

/** DELETEs `/api/subjects` with the subject as the JSON body; resolves with the erasure's answer. */
export function eraseSubjectOn(bank: ConsortiumBank, subject: Subject, signal?: AbortSignal): Promise<unknown> {
  const notFound = `${bank.name} has no erasure API: is its app older than erasure?`;
  return getJson(bank, "/api/subjects", { notFound, signal, method: "DELETE", body: JSON.stringify(subject) });
}

/** Calls the read API (GET unless `method`); 404 → `notFound`. */
export async function getJson(
  bank: ConsortiumBank,
  path: string,
  options: { notFound: string; signal: AbortSignal | undefined; method?: string; body?: string },
): Promise<unknown> {
  const { notFound, signal } = options;
  const url = new URL(path, bank.hostUrl.endsWith("/") ? bank.hostUrl : bank.hostUrl + "/");
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      body: options.body,
      headers: { "x-functions-key": bank.adminKey, accept: "application/json", "content-type": "application/json" },
      signal: AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_IN_MS), ...(signal ? [signal] : [])]),
    });
  } catch (error) {
    if (signal?.aborted) throw new CliError("interrupted", 130, { cause: error });
    throw new CliError(
      `cannot reach ${bank.name}'s read API at ${bank.hostUrl} (${describe(error)}): is \`npm start\` still running?`,
      undefined,
      {
        cause: error,
      },
    );
  }
  const text = await response.text();
  if (response.ok) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new CliError(`${bank.name}'s read API answered ${url.pathname} with something that is not JSON`);
    }
  }
  const detail = errorDetail(text);
  if (response.status === 404) throw new CliError(`${notFound} (404${detail})`);
  if (response.status === 401 || response.status === 403) {
    throw new CliError(`${bank.name}'s read API refused the admin key from the consortium file (${response.status})`);
  }
  throw new CliError(`${bank.name}'s read API answered ${response.status} ${response.statusText}${detail}`);
}

/** The cause of a failed fetch in words (undici hides the socket error under `cause`). */
function describe(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError")
    return `no answer within ${REQUEST_TIMEOUT_IN_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** `: <message>` from an error body (`{ error: { message } }`, `{ message }`, `{ error }`, `{ errors }`, short text). */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string; errors?: unknown };
    const listed = Array.isArray(body.errors) ? body.errors.join("; ") : undefined;
    const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message ?? listed);
    return message ? `: ${message}` : "";
  } catch {
    return text && text.length <= 200 ? `: ${text.trim()}` : "";
  }
}
