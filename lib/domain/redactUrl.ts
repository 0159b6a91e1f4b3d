// One redaction of URLs for everything the app shows or logs: a node provider's URL often carries its API key as
// credentials, a path segment or a query parameter, so only scheme, host and port survive.

/** What stands where a secret was. */
export const REDACTED = "[ REDACTED ]";

/** `url` with credentials, path and query replaced by a marker: `https://[ REDACTED ]@rpc.example:8545/[ REDACTED ]`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  const credentials = parsed.username !== "" || parsed.password !== "" ? `${REDACTED}@` : "";
  const path = parsed.pathname === "/" || parsed.pathname === "" ? "" : `/${REDACTED}`;
  const query = parsed.search === "" ? "" : `?${REDACTED}`;
  return `${parsed.protocol}//${credentials}${parsed.host}${path}${query}`;
}

/** `text` with every http(s) or ws(s) URL in it redacted (error messages that quote a request URL). */
export function scrubUrls(text: string): string {
  // A backslash ends a URL too, so that scrubbing a JSON line never eats the escape of a quote.
  return text.replace(/\b(?:https?|wss?):\/\/[^\s"'<>,)\]}\\]+/gi, (url) => redactUrl(url));
}
