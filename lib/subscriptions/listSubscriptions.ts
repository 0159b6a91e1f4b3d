// Lists subscriptions for the admin API (`GET /api/subscriptions`), oldest first, without secrets, a page at a time:
// at most MAX_PAGE_SIZE per answer, with an opaque continuation token for the next page.
import type { SubscriptionStore } from "../ports/subscriptions.js";
import { subscriptionView, type SubscriptionView } from "./subscriptionView.js";

/** The default and the largest page size. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** One page, and the token of the next when there is one. */
export interface SubscriptionPage {
  items: SubscriptionView[];
  continuationToken?: string;
}

/** Options for {@link listSubscriptions}. */
export interface ListSubscriptionsOptions {
  pageSize?: number;
  continuationToken?: string;
}

/** A page of subscriptions' public views, or an error naming the bad option. */
export async function listSubscriptions(
  deps: { subscriptions: SubscriptionStore },
  options: ListSubscriptionsOptions = {},
): Promise<{ ok: true; page: SubscriptionPage } | { ok: false; error: string }> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return { ok: false, error: `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}` };
  }
  const after = options.continuationToken === undefined ? null : decodeToken(options.continuationToken);
  if (after === undefined) return { ok: false, error: "continuationToken is not one this API issued" };
  const all = (await deps.subscriptions.list()).map((s) => ({ key: sortKey(s), s })).sort(byKey);
  const rest = after === null ? all : all.filter(({ key }) => key > after);
  const page = rest.slice(0, pageSize);
  const last = page[page.length - 1];
  const more = rest.length > pageSize && last !== undefined;
  const items = page.map(({ s }) => subscriptionView(s));
  return { ok: true, page: more ? { items, continuationToken: encodeToken(last.key) } : { items } };
}

function sortKey(s: { createdAt: string; id: string }): string {
  return `${s.createdAt}|${s.id}`;
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function encodeToken(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

/** The sort key in a token, or undefined when the token is not one of ours. */
function decodeToken(token: string): string | undefined {
  if (token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const key = Buffer.from(token, "base64url").toString("utf8");
  return /^\d{4}-\d\d-\d\dT[\d:.]+Z\|sub_[0-9a-f]{24}$/.test(key) ? key : undefined;
}
