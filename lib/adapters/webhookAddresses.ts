// Which network addresses a webhook may be sent to (protection against server-side request forgery: a subscription
// URL must not make the app call the platform's own endpoints). Always refused: link-local (169.254.0.0/16 holds
// the instance metadata and managed identity endpoints; fe80::/10), Azure's WireServer and DNS address
// 168.63.129.16, "this network" (0.0.0.0/8, ::), multicast and reserved ranges. Refused unless allowed by
// configuration: loopback and private ranges (RFC 1918, 100.64.0.0/10, fc00::/7) — a consortium whose partners
// are reached over peered networks allows them, as does the local consortium. Checked on every resolved address at
// connect time (so DNS rebinding cannot slip past), and on IP-literal hosts, which are never resolved.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

/** The address policy. */
export interface WebhookAddressPolicy {
  /** Loopback and private ranges too (local runs, partners on peered private networks). */
  allowPrivateAddresses: boolean;
}

const ALWAYS_REFUSED = blockList(
  [
    ["0.0.0.0", 8, "this network"],
    ["169.254.0.0", 16, "link-local (instance metadata, managed identity)"],
    ["168.63.129.16", 32, "the Azure platform address (WireServer, DNS)"],
    ["224.0.0.0", 4, "multicast"],
    ["240.0.0.0", 4, "reserved"],
  ],
  [
    ["::", 128, "unspecified"],
    ["fe80::", 10, "link-local"],
    ["ff00::", 8, "multicast"],
  ],
);

const PRIVATE = blockList(
  [
    ["127.0.0.0", 8, "loopback"],
    ["10.0.0.0", 8, "private (RFC 1918)"],
    ["172.16.0.0", 12, "private (RFC 1918)"],
    ["192.168.0.0", 16, "private (RFC 1918)"],
    ["100.64.0.0", 10, "shared address space (RFC 6598)"],
  ],
  [
    ["::1", 128, "loopback"],
    ["fc00::", 7, "unique local"],
  ],
);

/** Why `address` (an IP literal) may not receive webhooks under `policy`, or null when it may. */
export function addressRefusal(address: string, policy: WebhookAddressPolicy): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  // BlockList matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against the IPv4 ranges.
  const type = family === 4 ? "ipv4" : "ipv6";
  const always = ALWAYS_REFUSED.find((range) => range.list.check(address, type));
  if (always) return `${address} is ${always.reason}`;
  const restricted = PRIVATE.find((range) => range.list.check(address, type));
  if (restricted && !policy.allowPrivateAddresses) {
    return `${address} is ${restricted.reason} (set WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true to allow)`;
  }
  return null;
}

/** A refused webhook address, as a connection error (the dispatcher records it as the attempt's outcome). */
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

type Range = [address: string, prefix: number, reason: string];

function blockList(v4: Range[], v6: Range[]): { list: BlockList; reason: string }[] {
  const ranges = [...v4.map((r) => [...r, "ipv4"] as const), ...v6.map((r) => [...r, "ipv6"] as const)];
  return ranges.map(([address, prefix, reason, type]) => {
    const list = new BlockList();
    list.addSubnet(address, prefix, type);
    return { list, reason };
  });
}
