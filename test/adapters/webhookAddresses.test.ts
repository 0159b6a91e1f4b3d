import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { addressRefusal, destinationRefusal, guardedLookup } from "../../lib/adapters/http/webhookAddresses.js";

const strict = { allowPrivateAddresses: false };
const peered = { allowPrivateAddresses: true };
const loopbackAllowed = { allowPrivateAddresses: false, allowedNetworks: ["127.0.0.1", "::1"] };
const everything = { allowPrivateAddresses: true, allowedNetworks: ["0.0.0.0/0", "::/0"] };

describe("addressRefusal", () => {
  it.each([
    ["169.254.169.254", "link-local"],
    ["168.63.129.16", "Azure platform"],
    ["0.0.0.0", "this network"],
    ["0.1.2.3", "this network"],
    ["255.255.255.255", "broadcast"],
    ["239.1.2.3", "multicast"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.254", "benchmarking"],
    ["192.0.0.8", "IETF protocol"],
    ["192.0.2.1", "documentation"],
    ["203.0.113.10", "documentation"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["febf::1", "link-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2001::1", "Teredo"],
    ["::ffff:169.254.169.254", "IPv4-mapped form of 169.254.169.254 is link-local"],
    ["::ffff:a9fe:a9fe", "IPv4-mapped form of 169.254.169.254 is link-local"],
    ["::a9fe:a9fe", "IPv4-compatible (deprecated) form of 169.254.169.254 is link-local"],
    ["::169.254.169.254", "IPv4-compatible (deprecated) form of 169.254.169.254"],
    ["::ffff:0:a9fe:a9fe", "SIIT) form of 169.254.169.254"],
    ["64:ff9b::a9fe:a9fe", "NAT64 form of 169.254.169.254"],
    ["64:ff9b::169.254.169.254", "NAT64 form of 169.254.169.254"],
    ["2002:a9fe:a9fe::1", "6to4 form of 169.254.169.254"],
    ["2002:a83f:8110::", "6to4 form of 168.63.129.16"],
    ["64:ff9b:1::1", "local-use NAT64"],
  ])("always refuses %s (%s), even when every network is allowlisted", (address, reason) => {
    expect(addressRefusal(address, strict)).toContain(reason);
    expect(addressRefusal(address, everything)).toContain(reason);
  });

  it.each(["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::"])(
    "refuses the loopback address %s even with private addresses allowed; only an allowlist entry opens it",
    (address) => {
      expect(addressRefusal(address, strict)).toMatch(/loopback .*WEBHOOK_ALLOWED_NETWORKS/);
      expect(addressRefusal(address, peered)).toMatch(/loopback/);
      expect(addressRefusal(address, everything)).toBeNull();
    },
  );

  it.each(["10.1.2.3", "172.20.0.5", "192.168.1.1", "100.64.0.1", "fd00::5", "::ffff:10.0.0.1", "64:ff9b::a00:1"])(
    "refuses the private address %s unless private addresses are allowed",
    (address) => {
      expect(addressRefusal(address, strict)).toMatch(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
      expect(addressRefusal(address, peered)).toBeNull();
    },
  );

  it("opens only the allowlisted private networks", () => {
    const named = { allowPrivateAddresses: false, allowedNetworks: ["10.20.0.0/16"] };
    expect(addressRefusal("10.20.3.4", named)).toBeNull();
    expect(addressRefusal("10.21.3.4", named)).toMatch(/private/);
  });

  it.each(["8.8.8.8", "93.184.215.14", "172.32.0.1", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1"])(
    "allows the public address %s",
    (address) => {
      expect(addressRefusal(address, strict)).toBeNull();
    },
  );
});

describe("destinationRefusal", () => {
  const resolving =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

  it.each([
    ["http://169.254.169.254/latest/meta-data", "link-local"],
    ["http://2852039166/", "169.254.169.254 is link-local"],
    ["http://0251.0376.0251.0376/", "169.254.169.254 is link-local"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254 is link-local"],
    ["http://0xa9fea9fe/", "169.254.169.254 is link-local"],
    ["http://[::ffff:169.254.169.254]/", "169.254.169.254 is link-local"],
    ["http://[::a9fe:a9fe]/", "169.254.169.254 is link-local"],
    ["http://[fe80::1]/", "link-local"],
    ["http://0/", "this network"],
    ["http://0.0.0.0:8080/", "this network"],
    ["http://168.63.129.16/machine", "Azure platform"],
    ["http://255.255.255.255/", "broadcast"],
    ["http://224.0.0.1/", "multicast"],
    ["https://partner.example/durabletask/instances/submitter/suspend", "Functions host endpoint"],
    ["https://partner.example/runtime/webhooks/durabletask/instances", "Functions host endpoint"],
    ["https://partner.example/admin/functions/submitter", "Functions host endpoint"],
  ])("refuses %s (%s)", async (url, reason) => {
    expect(await destinationRefusal(new URL(url), everything, resolving("93.184.215.14"))).toContain(reason);
  });

  it("checks every address the host resolves to", async () => {
    const url = new URL("https://partner.example/hooks");
    expect(await destinationRefusal(url, strict, resolving("93.184.215.14"))).toBeNull();
    expect(await destinationRefusal(url, strict, resolving("93.184.215.14", "169.254.169.254"))).toMatch(
      /partner\.example resolves to 169\.254\.169\.254 is link-local/,
    );
    const failing = async () => Promise.reject(Object.assign(new Error("nx"), { code: "ENOTFOUND" }));
    expect(await destinationRefusal(url, strict, failing)).toMatch(/does not resolve/);
  });

  it("resolves with the system resolver by default (localhost is loopback)", async () => {
    expect(await destinationRefusal(new URL("http://localhost:9/h"), peered)).toMatch(
      /localhost resolves to .* loopback/,
    );
    expect(await destinationRefusal(new URL("http://localhost:9/h"), loopbackAllowed)).toBeNull();
  });
});

describe("guardedLookup", () => {
  it("checks every address a name resolves to, at connect time", async () => {
    const lookup = (policy: typeof strict) =>
      new Promise<string>((resolve) =>
        guardedLookup(policy)("localhost", {}, (error, address) => resolve(error ? error.message : String(address))),
      );
    expect(await lookup(peered)).toMatch(/^webhook address refused for localhost: (127\.0\.0\.1|::1) is loopback/);
    expect(await lookup(loopbackAllowed)).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it("lets an HTTP client connect through it when the address is allowed, and fails the connection when not", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const { request } = await import("node:http");
    const get = (policy: typeof strict) =>
      new Promise<string>((resolve) => {
        const req = request(
          { host: "localhost", port, family: 4, agent: false, lookup: guardedLookup(policy) },
          (res) => {
            res.resume();
            resolve(String(res.statusCode));
          },
        );
        req.on("error", (error) => resolve(error.message));
        req.end();
      });
    try {
      expect(await get(loopbackAllowed)).toBe("200");
      expect(await get(peered)).toMatch(/webhook address refused/);
    } finally {
      server.close();
    }
  });
});
