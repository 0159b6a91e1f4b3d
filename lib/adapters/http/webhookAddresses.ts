// Which destinations a webhook may be sent to (protection against server-side request forgery: a subscription URL
// must not make the app call the platform's own endpoints or the bank's internal services). Judged twice: when a
// subscription's URL is stored (every address its host resolves to) and at connect time on the address actually
// connected to, so DNS rebinding cannot slip past. Ranges and transition forms: addressRanges.ts.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup as dnsLookupAsync } from "node:dns/promises";
import { isIP, type BlockList } from "node:net";
import { classOf, embeddedIPv4, LOOPBACK, networkList, NEVER, PRIVATE } from "./addressRanges.js";

/** The address policy. */
export interface WebhookAddressPolicy {
  /** Private ranges (RFC 1918, RFC 6598, fc00::/7) too: partners on peered private networks. Never loopback. */
  allowPrivateAddresses: boolean;
  /** CIDRs or addresses allowed although loopback or private (WEBHOOK_ALLOWED_NETWORKS); never metadata & co. */
  allowedNetworks?: readonly string[];
}

/** Paths of a Functions host's own APIs, never a partner's webhook (durable management, host admin, system keys). */
const HOST_PATHS = /^\/(runtime\/webhooks|durabletask|admin)(\/|$)/i;

/** Why `address` (an IP literal) may not receive webhooks under `policy`, or null when it may. */
export function addressRefusal(address: string, policy: WebhookAddressPolicy): string | null {
  if (isIP(address) === 0) return `${address} is not an IP address`;
  const embedded = embeddedIPv4(address);
  if (embedded) {
    const inner = addressRefusal(embedded.ipv4, policy);
    if (inner) return `${address} is the ${embedded.form} form of ${inner}`;
    if (embedded.form.includes("deprecated")) return `${address} is ${embedded.form} IPv6`;
    return null;
  }
  const never = classOf(address, NEVER);
  if (never) return `${address} is ${never.reason}`;
  const allowed = allowList(policy)?.check(address, isIP(address) === 4 ? "ipv4" : "ipv6") ?? false;
  const loopback = classOf(address, LOOPBACK);
  if (loopback && !allowed) return `${address} is ${loopback.reason} (allowed only through WEBHOOK_ALLOWED_NETWORKS)`;
  const restricted = classOf(address, PRIVATE);
  if (restricted && !allowed && !policy.allowPrivateAddresses) {
    return `${address} is ${restricted.reason} (set WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true or WEBHOOK_ALLOWED_NETWORKS)`;
  }
  return null;
}

/** Why `url` may not receive webhooks without resolving its host: a Functions host path or a refused IP literal. */
export function literalRefusal(url: URL, policy: WebhookAddressPolicy): string | null {
  if (HOST_PATHS.test(url.pathname)) return `${url.pathname} is a Functions host endpoint`;
  const host = bareHost(url);
  return isIP(host) === 0 ? null : addressRefusal(host, policy);
}

/** Why `url` may not receive webhooks: its path, or any address its host resolves to now. */
export async function destinationRefusal(
  url: URL,
  policy: WebhookAddressPolicy,
  lookup: (host: string) => Promise<LookupAddress[]> = (host) => dnsLookupAsync(host, { all: true, verbatim: true }),
): Promise<string | null> {
  const literal = literalRefusal(url, policy);
  const host = bareHost(url);
  if (literal || isIP(host) !== 0) return literal;
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host);
  } catch {
    return `${host} does not resolve`;
  }
  if (addresses.length === 0) return `${host} does not resolve`;
  for (const { address } of addresses) {
    const reason = addressRefusal(address, policy);
    if (reason) return `${host} resolves to ${reason}`;
  }
  return null;
}

/** A refused webhook address, as a connection error (the dispatcher records it as a final failure). */
export class WebhookAddressRefused extends Error {
  readonly code = "EADDRREFUSED";
  constructor(host: string, reason: string) {
    super(`webhook address refused for ${host}: ${reason}`);
    this.name = "WebhookAddressRefused";
  }
}

/** A `dns.lookup` replacement for the HTTP client's connect step that fails when any resolved address is refused. */
export function guardedLookup(policy: WebhookAddressPolicy) {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const reason = addressRefusal(address, policy);
        if (reason) return callback(new WebhookAddressRefused(hostname, reason), []);
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

const lists = new WeakMap<readonly string[], BlockList>();

function allowList(policy: WebhookAddressPolicy): BlockList | undefined {
  const entries = policy.allowedNetworks;
  if (!entries || entries.length === 0) return undefined;
  let list = lists.get(entries);
  if (!list) lists.set(entries, (list = networkList(entries)));
  return list;
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** The WebhookDestinationGuard port over the system resolver (or `lookup`, for tests). */
export class ResolvingDestinationGuard {
  constructor(
    private readonly policy: WebhookAddressPolicy,
    private readonly lookup?: (host: string) => Promise<LookupAddress[]>,
  ) {}

  async refusal(url: string): Promise<string | null> {
    return destinationRefusal(new URL(url), this.policy, this.lookup);
  }
}
