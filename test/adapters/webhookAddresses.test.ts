import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { addressRefusal, guardedLookup } from "../../lib/adapters/webhookAddresses.js";

const strict = { allowPrivateAddresses: false };
const open = { allowPrivateAddresses: true };

describe("webhook address policy", () => {
  it.each([
    ["169.254.169.254", "link-local"],
    ["168.63.129.16", "Azure platform"],
    ["0.0.0.0", "this network"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["239.1.2.3", "multicast"],
  ])("always refuses %s (%s)", (address, reason) => {
    expect(addressRefusal(address, open)).toContain(reason);
    expect(addressRefusal(address, strict)).toContain(reason);
  });

  it.each(["127.0.0.1", "::1", "10.1.2.3", "172.20.0.5", "192.168.1.1", "100.64.0.1", "fd00::5", "::ffff:10.0.0.1"])(
    "refuses the private address %s unless private addresses are allowed",
    (address) => {
      expect(addressRefusal(address, strict)).toMatch(/WEBHOOK_ALLOW_PRIVATE_ADDRESSES/);
      expect(addressRefusal(address, open)).toBeNull();
    },
  );

  it.each(["203.0.113.10", "8.8.8.8", "2001:db8::1", "172.32.0.1"])("allows the public address %s", (address) => {
    expect(addressRefusal(address, strict)).toBeNull();
  });

  it("checks every address a name resolves to, at connect time", async () => {
    const lookup = (policy: typeof strict) =>
      new Promise<string>((resolve) =>
        guardedLookup(policy)("localhost", {}, (error, address) => resolve(error ? error.message : String(address))),
      );
    expect(await lookup(strict)).toMatch(/^webhook address refused for localhost: (127\.0\.0\.1|::1) is loopback/);
    expect(await lookup(open)).toMatch(/^(127\.0\.0\.1|::1)$/);
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
      expect(await get(open)).toBe("200");
      expect(await get(strict)).toMatch(/webhook address refused/);
    } finally {
      server.close();
    }
  });
});
