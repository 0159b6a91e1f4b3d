// Names the unknown fields of a request body without echoing an attacker's whole body back: at most
// MAX_LISTED_FIELDS names, each cut to MAX_NAME_LENGTH characters, then a count of the rest.

/** Unknown fields named in one error list. */
export const MAX_LISTED_FIELDS = 10;

const MAX_NAME_LENGTH = 64;

/** One error per unknown key of `input` (prefixed, e.g. "filter."), bounded, plus one for the rest. */
export function unknownFields(input: Record<string, unknown>, known: readonly string[], prefix: string): string[] {
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  const listed = unknown.slice(0, MAX_LISTED_FIELDS).map((key) => `${prefix}${shorten(key)} is not a known field`);
  const rest = unknown.length - listed.length;
  return rest > 0 ? [...listed, `and ${rest} more unknown fields`] : listed;
}

function shorten(key: string): string {
  const printable = JSON.stringify(key).slice(1, -1);
  return printable.length > MAX_NAME_LENGTH ? `${printable.slice(0, MAX_NAME_LENGTH)}…` : printable;
}
