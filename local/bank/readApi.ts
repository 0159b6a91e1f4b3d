// Client for a bank's read API on its host: an update's status timeline and every bank's record of a subject.
// Calls carry the bank's admin function key; refusals, 404s and an unreachable host become readable CliErrors.
import type { Subject } from "../../lib/domain/subject.js";
import { CliError } from "./cliError.js";
import type { ConsortiumBank } from "./consortium.js";

/** How long one read API call may take. */
const REQUEST_TIMEOUT_IN_MS = 10_000;

/** GETs `/api/updates/{updateId}` (the id path-encoded); resolves with the JSON body (the timeline). */
export function fetchUpdateStatus(bank: ConsortiumBank, updateId: string, signal?: AbortSignal): Promise<unknown> {
  const path = `/api/updates/${encodeURIComponent(updateId)}`;
  return callJson(bank, path, { notFound: `bank ${bank.name} has no update "${updateId}"`, signal });
}

/** POSTs the subject to `/api/records/search` (never in the URL); resolves with the JSON body (every bank's record). */
export function fetchSubjectRecords(bank: ConsortiumBank, subject: Subject, signal?: AbortSignal): Promise<unknown> {
  const body = { scheme: subject.scheme, country: subject.country, id: subject.id };
  return callJson(bank, "/api/records/search", { notFound: "no bank has a record of this subject", signal, body });
}

/** GETs `path`, or POSTs `body` to it as JSON; 404 → `notFound`. */
async function callJson(
  bank: ConsortiumBank,
  path: string,
  { notFound, signal, body }: { notFound: string; signal: AbortSignal | undefined; body?: unknown },
): Promise<unknown> {
  const url = new URL(path, bank.hostUrl.endsWith("/") ? bank.hostUrl : bank.hostUrl + "/");
  let response: Response;
  try {
    response = await fetch(url, {
      ...(body === undefined ? {} : { method: "POST", body: JSON.stringify(body) }),
      headers: {
        "x-functions-key": bank.adminKey,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
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

/** `: <message>` from an error body (`{ error: { message } }`, `{ message }`, `{ error }` or short text). */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
    return message ? `: ${message}` : "";
  } catch {
    return text && text.length <= 200 ? `: ${text.trim()}` : "";
  }
}
