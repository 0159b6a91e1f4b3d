// The special-purpose address ranges a webhook may not reach (IANA IPv4 and IPv6 Special-Purpose Address
// Registries, plus Azure's platform address), and the IPv4 address hidden in an IPv6 transition form (mapped,
// compatible, SIIT, NAT64, 6to4), so that every spelling of an address is judged as the address it reaches.
import { BlockList, isIPv4, isIPv6 } from "node:net";

/** A named set of ranges. */
export interface AddressClass {
  readonly reason: string;
  readonly list: BlockList;
}

type Range = readonly [address: string, prefix: number, reason: string];

/** Never reachable, whatever the settings: platform, metadata, unspecified, multicast, reserved, documentation. */
export const NEVER = classes([
  ["0.0.0.0", 8, "this network (unspecified)"],
  ["169.254.0.0", 16, "link-local (instance metadata, managed identity)"],
  ["168.63.129.16", 32, "the Azure platform address (WireServer, DNS)"],
  ["192.0.0.0", 24, "reserved for IETF protocol assignments"],
  ["192.0.2.0", 24, "reserved for documentation"],
  ["198.51.100.0", 24, "reserved for documentation"],
  ["203.0.113.0", 24, "reserved for documentation"],
  ["192.88.99.0", 24, "the 6to4 relay anycast range"],
  ["198.18.0.0", 15, "reserved for benchmarking"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved (including broadcast)"],
  ["::", 128, "unspecified"],
  ["100::", 64, "the discard-only range"],
  ["2001::", 23, "reserved for IETF protocol assignments (Teredo, ORCHID, …)"],
  ["2001:db8::", 32, "reserved for documentation"],
  ["3fff::", 20, "reserved for documentation"],
  ["5f00::", 16, "reserved for segment routing"],
  ["64:ff9b:1::", 48, "local-use NAT64"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local (deprecated)"],
  ["ff00::", 8, "multicast"],
]);

/** Loopback: reachable only through an explicit WEBHOOK_ALLOWED_NETWORKS entry. */
export const LOOPBACK = classes([
  ["127.0.0.0", 8, "loopback"],
  ["::1", 128, "loopback"],
]);

/** Private ranges: reachable with WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true or an allowlist entry. */
export const PRIVATE = classes([
  ["10.0.0.0", 8, "private (RFC 1918)"],
  ["172.16.0.0", 12, "private (RFC 1918)"],
  ["192.168.0.0", 16, "private (RFC 1918)"],
  ["100.64.0.0", 10, "shared address space (RFC 6598)"],
  ["fc00::", 7, "unique local"],
]);

/** The class of `classes` that holds `address`, if any. */
export function classOf(address: string, list: readonly AddressClass[]): AddressClass | undefined {
  const type = isIPv4(address) ? "ipv4" : "ipv6";
  return list.find((c) => c.list.check(address, type));
}

/** A BlockList of CIDRs or single addresses ("10.1.0.0/16", "fd00::5"); throws on an invalid entry. */
export function networkList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
    const bits = prefix === undefined ? (type === "ipv4" ? 32 : 128) : Number(prefix);
    if (!type || !Number.isInteger(bits) || bits < 0 || bits > (type === "ipv4" ? 32 : 128)) {
      throw new Error(`"${entry}" is not an address or CIDR range`);
    }
    list.addSubnet(address, bits, type);
  }
  return list;
}

/** The IPv4 address an IPv6 address carries in a transition form, with the form's name; null for other addresses. */
export function embeddedIPv4(address: string): { ipv4: string; form: string } | null {
  const words = ipv6Words(address);
  if (!words) return null;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  const quad = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  const tail = quad(words[6] ?? 0, words[7] ?? 0);
  if (zero(0, 5) && words[5] === 0xffff) return { ipv4: tail, form: "IPv4-mapped" };
  if (zero(0, 4) && words[4] === 0xffff && words[5] === 0) return { ipv4: tail, form: "IPv4-translated (SIIT)" };
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return { ipv4: tail, form: "NAT64" };
  if (words[0] === 0x2002) return { ipv4: quad(words[1] ?? 0, words[2] ?? 0), form: "6to4" };
  if (zero(0, 6) && !zero(6, 8) && !(words[6] === 0 && words[7] === 1)) {
    return { ipv4: tail, form: "IPv4-compatible (deprecated)" };
  }
  return null;
}

/** The eight 16-bit words of a valid IPv6 address (dotted-quad tail allowed), or null. */
function ipv6Words(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase().split("%")[0] ?? "";
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((w) => parseInt(w, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const fill = rest === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

function classes(ranges: readonly Range[]): AddressClass[] {
  return ranges.map(([address, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(address, prefix, isIPv4(address) ? "ipv4" : "ipv6");
    return { list, reason };
  });
}
