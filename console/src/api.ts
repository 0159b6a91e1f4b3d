// The page's only way to the bank: fetch against /api with the function key (local) kept in sessionStorage, or
// the App Service sign-in cookie (Azure). An error answer becomes an ApiError whose message says what the
// operator can do about it (401/403: a key or role that cannot do this).

const KEY_STORAGE = "creditlink.console.key";

/** A failed request, with the status the bank answered (0: no answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Moves `?code=` from the address bar into sessionStorage, so the key is neither bookmarked nor shared. */
export function adoptKey(): void {
  const url = new URL(location.href);
  const code = url.searchParams.get("code");
  if (code === null) return;
  sessionStorage.setItem(KEY_STORAGE, code);
  url.searchParams.delete("code");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

/** Requests `path` under /api; resolves the parsed JSON body of a 2xx answer. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) headers["x-functions-key"] = key;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`/api/${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "the bank did not answer");
  }
  const text = await response.text();
  const body = text ? parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, explain(response.status, body));
  return body as T;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function explain(status: number, body: unknown): string {
  if (status === 401) return "401: this key cannot do that (reopen the console with an operator or admin key)";
  if (status === 403) return `403: ${detail(body) || "your role does not allow this action"}`;
  return `${status}: ${detail(body) || "request failed"}`;
}

function detail(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 300);
  if (typeof body !== "object" || body === null) return "";
  const { error, errors } = body as { error?: unknown; errors?: unknown };
  if (Array.isArray(errors)) return errors.map(String).join("; ");
  return typeof error === "string" ? error : "";
}
