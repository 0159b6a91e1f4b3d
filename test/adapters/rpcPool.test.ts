import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../lib/domain/appError.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { testStack } from "../stack.js";
import { startTcpProxy, type TcpProxy } from "../../local/tcpProxy.js";

describe("RpcPool", () => {
  let first: TcpProxy;
  let second: TcpProxy;

  beforeAll(async () => {
    [first, second] = await Promise.all([
      startTcpProxy(testStack().anvilRpcUrl),
      startTcpProxy(testStack().anvilRpcUrl),
    ]);
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
  });

  function pool(urls: string[], timeoutInMs = 2_000): RpcPool {
    return new RpcPool({ urls, chainId: 31337n, timeoutInMs, cooldownInMs: 200 });
  }

  it("keeps every read answering when one endpoint is killed mid-run, and marks it unhealthy", async () => {
    const rpc = pool([first.url, second.url]);
    const heights: number[] = [];
    for (let i = 0; i < 20; i++) {
      if (i === 7) await first.kill();
      heights.push(Number(await rpc.request<string>("eth_blockNumber", [])));
    }
    expect(heights).toHaveLength(20);
    expect(rpc.health().find((h) => h.url === first.url)).toMatchObject({ healthy: false });
    expect(rpc.health().find((h) => h.url === second.url)).toMatchObject({ healthy: true, consecutiveFailures: 0 });
    await first.restore();
    await new Promise((r) => setTimeout(r, 250));
    for (let i = 0; i < 4; i++) await rpc.request("eth_blockNumber", []);
    expect(rpc.health().every((h) => h.healthy)).toBe(true);
    rpc.destroy();
  });

  it("fails over from a hung endpoint after the request timeout", async () => {
    const hung = await startTcpProxy(testStack().anvilRpcUrl);
    hung.hang();
    const rpc = pool([hung.url, second.url], 300);
    const started = Date.now();
    await expect(rpc.request("eth_chainId", [])).resolves.toBe("0x7a69");
    await expect(rpc.request("eth_chainId", [])).resolves.toBe("0x7a69");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(rpc.health()[0]).toMatchObject({ healthy: false });
    rpc.destroy();
    await hung.close();
  });

  it("does not fail over on a final answer from the node, and maps it", async () => {
    const rpc = pool([first.url, second.url]);
    const error = await rpc.request("eth_sendRawTransaction", ["0x1234"]).catch((e: unknown) => e);
    expect(isAppError(error, "TX_INVALID")).toBe(true);
    expect(rpc.health().every((h) => h.healthy)).toBe(true);
    rpc.destroy();
  });

  it("answers NODE_UNAVAILABLE (retryable) when no endpoint answers", async () => {
    const dead = await startTcpProxy(testStack().anvilRpcUrl);
    await dead.kill();
    const rpc = pool([dead.url]);
    const error = await rpc.request("eth_blockNumber", []).catch((e: unknown) => e);
    expect(isAppError(error, "NODE_UNAVAILABLE")).toBe(true);
    expect(isAppError(error) && error.retryable).toBe(true);
    rpc.destroy();
  });

  it("sends a batch to one endpoint in one request, answers in call order, and maps a call's error", async () => {
    const rpc = pool([first.url]);
    const answers = await rpc.pinned((send) =>
      send.batch([
        { method: "eth_chainId", params: [] },
        { method: "eth_getBlockByNumber", params: ["0x0", false] },
      ]),
    );
    expect(answers[0]).toBe("0x7a69");
    expect(answers[1]).toMatchObject({ number: "0x0" });
    const error = await rpc
      .pinned((send) =>
        send.batch([
          { method: "eth_chainId", params: [] },
          { method: "eth_sendRawTransaction", params: ["0x1234"] },
        ]),
      )
      .catch((e: unknown) => e);
    expect(isAppError(error, "TX_INVALID")).toBe(true);
    rpc.destroy();
  });
});
