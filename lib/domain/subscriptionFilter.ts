// Which records a subscription receives: this bank's (`self`), other banks' (`others`), all, or a list of issuer
// addresses. Parsing accepts exactly the shapes of the published `POST /api/subscriptions` contract.

/** The `filter.issuers` value of a subscription. */
export type IssuerFilter = "self" | "others" | "all" | readonly string[];

/** Whether a record written by `issuer` goes to a subscription with `filter`; `ownAddress` is this bank's key. */
export function matchesIssuer(filter: IssuerFilter, issuer: string, ownAddress: string): boolean {
  const own = issuer.toLowerCase() === ownAddress.toLowerCase();
  if (filter === "all") return true;
  if (filter === "self") return own;
  if (filter === "others") return !own;
  return filter.some((address) => address.toLowerCase() === issuer.toLowerCase());
}

/** Parses `filter.issuers`; an absent filter means `self` (what partner banks subscribe to). */
export function parseIssuerFilter(value: unknown): { ok: true; filter: IssuerFilter } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, filter: "self" };
  if (value === "self" || value === "others" || value === "all") return { ok: true, filter: value };
  const listed = Array.isArray(value) && value.length > 0 && value.length <= MAX_ISSUERS;
  if (listed && value.every((a) => typeof a === "string" && ADDRESS.test(a))) {
    return { ok: true, filter: [...new Set(value.map((a: string) => a.toLowerCase()))] };
  }
  return {
    ok: false,
    error: `filter.issuers must be "self", "others", "all" or a list of 1 to ${MAX_ISSUERS} 0x addresses`,
  };
}

/** The most issuer addresses one filter lists (a consortium has tens of members). */
export const MAX_ISSUERS = 100;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
