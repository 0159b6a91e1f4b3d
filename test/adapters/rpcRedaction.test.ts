import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcChainProbe } from "../../lib/adapters/evm/jsonRpcChainProbe.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { redactUrl, scrubUrls } from "../../lib/domain/redactUrl.js";

const SECRETS = ["s3cret-pass", "KEY123", "ZZZ-query"];
let server: Server;
let failing: string;
let closed: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(500).end("node down"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  failing = `http://127.0.0.1:${port}/v3/KEY123?apikey=ZZZ-query`;
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
  const closedPort = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));
  closed = `http://rpc:s3cret-pass@127.0.0.1:${closedPort}/KEY123`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function expectNoSecret(value: unknown): void {
  const text = typeof value === "string" ? value : JSON.stringify(value, Object.getOwnPropertyNames(value ?? {}));
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe("redactUrl", () => {
  it.each([
    [
      "https://user:pass@rpc.example:8545/v3/KEY?apikey=1",
      "https://[ REDACTED ]@rpc.example:8545/[ REDACTED ]?[ REDACTED ]",
    ],
    ["http://10.0.0.4:8545", "http://10.0.0.4:8545"],
    ["not a url", "[ REDACTED ]"],
  ])("%s → %s", (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
    expect(scrubUrls(`call to ${url} failed`)).toBe(`call to ${shown === "[ REDACTED ]" ? url : shown} failed`);
  });
});

describe("RPC URLs never reach errors or health output in clear", () => {
  it("RpcPool errors name the endpoint redacted, for an HTTP 500 and a refused connection", async () => {
    const pool = new RpcPool({ urls: [failing, closed], chainId: 31337n, timeoutInMs: 2_000 });
    try {
      const error = await pool.request("eth_blockNumber", []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expectNoSecret((error as Error).message);
      expectNoSecret((error as { details?: unknown }).details);
      const cause = (error as { cause?: Error }).cause;
      expectNoSecret(cause?.message ?? "");
      for (const answer of await Promise.all(pool.requestEach("eth_blockNumber", []))) {
        if (!answer.ok) expectNoSecret([answer.error.message, answer.error.details]);
      }
    } finally {
      pool.destroy();
    }
  });

  it("the health probe shows each endpoint redacted with a scrubbed error", async () => {
    const probes = await new JsonRpcChainProbe({ urls: [failing, closed], timeoutInMs: 2_000 }).probe();
    expect(probes.map((p) => p.ok)).toEqual([false, false]);
    expectNoSecret(probes);
    expect(probes[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\[ REDACTED \]\?\[ REDACTED \]$/);
  });
});
