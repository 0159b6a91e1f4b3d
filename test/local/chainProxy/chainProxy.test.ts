import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type Anvil } from "../../../local/anvil.js";
import { startChainProxy, type ChainProxy } from "../../../local/chainProxy/chainProxy.js";
import { startHostileChain } from "../../../local/chainProxy/hostileChain.js";
import { FREE_GAS } from "../../support/chain.js";

let anvil: Anvil;
const proxies: ChainProxy[] = [];
beforeAll(async () => {
  anvil = await startAnvil({ blockTimeInSeconds: 0 });
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await anvil.stop();
});

async function call(url: string, method: string, params: unknown[] = []) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
    signal: AbortSignal.timeout(1_000),
  });
  return (await response.json()) as { id: number; result?: unknown; error?: { code: number; message: string } };
}

async function proxy(faults: Parameters<typeof startChainProxy>[1]) {
  const started = await startChainProxy(anvil.rpcUrl, faults);
  proxies.push(started);
  return started;
}

const transfer = (wallet: Pick<Wallet, "address" | "signTransaction">, nonce: number) =>
  wallet.signTransaction({ to: wallet.address, nonce, gasLimit: 21_000n, chainId: 31337n, ...FREE_GAS });

describe("startChainProxy", () => {
  it("lags k blocks: head, receipts, nonces, blocks and logs as of the lagging head", async () => {
    const lagging = await proxy({ lagBlocks: 2, logsAboveHead: "invalid-params" });
    const wallet = Wallet.createRandom();
    const sent = await call(anvil.rpcUrl, "eth_sendRawTransaction", [await transfer(wallet, 0)]);
    await call(anvil.rpcUrl, "anvil_mine", ["0x1"]);
    const head = Number((await call(anvil.rpcUrl, "eth_blockNumber")).result);
    expect(Number((await call(lagging.url, "eth_blockNumber")).result)).toBe(head - 2);
    expect((await call(lagging.url, "eth_getTransactionReceipt", [sent.result])).result).toBeNull();
    expect((await call(lagging.url, "eth_getTransactionCount", [wallet.address, "latest"])).result).toBe("0x0");
    expect((await call(lagging.url, "eth_getBlockByNumber", ["0x" + head.toString(16), false])).result).toBeNull();
    const logs = await call(lagging.url, "eth_getLogs", [{ fromBlock: "0x0", toBlock: "0x" + head.toString(16) }]);
    expect(logs.error).toEqual({ code: -32602, message: "Invalid params" });
    await call(anvil.rpcUrl, "anvil_mine", ["0x2"]);
    expect((await call(lagging.url, "eth_getTransactionReceipt", [sent.result])).result).not.toBeNull();
  });

  it('answers like Besu about a block it does not have: null state, "Block not found" for its logs', async () => {
    const lagging = await proxy({ lagBlocks: 2 });
    const wallet = Wallet.createRandom();
    await call(anvil.rpcUrl, "eth_sendRawTransaction", [await transfer(wallet, 0)]);
    await call(anvil.rpcUrl, "anvil_mine", ["0x1"]);
    const head = Number((await call(anvil.rpcUrl, "eth_blockNumber")).result);
    const top = (await call(anvil.rpcUrl, "eth_getBlockByNumber", ["latest", false])).result as { hash: string };
    const at = (n: number) => "0x" + n.toString(16);
    expect((await call(lagging.url, "eth_getTransactionCount", [wallet.address, at(head)])).result).toBeNull();
    expect((await call(lagging.url, "eth_call", [{ to: wallet.address }, at(head)])).result).toBeNull();
    expect((await call(lagging.url, "eth_getTransactionCount", [wallet.address, at(head - 2)])).result).toBe("0x0");
    expect((await call(lagging.url, "eth_getBlockByHash", [top.hash, false])).result).toBeNull();
    expect((await call(lagging.url, "eth_getLogs", [{ blockHash: top.hash }])).error).toEqual({
      code: -32000,
      message: "Block not found",
    });
  });

  it("spreads requests over nodes at different heights, one node per HTTP request (batches included)", async () => {
    const balanced = await proxy({ spreadLag: [0, 3] });
    await call(anvil.rpcUrl, "anvil_mine", ["0x3"]);
    const head = Number((await call(anvil.rpcUrl, "eth_blockNumber")).result);
    const heads = [];
    for (let i = 0; i < 4; i++) heads.push(Number((await call(balanced.url, "eth_blockNumber")).result));
    expect(heads).toEqual([head, head - 3, head, head - 3]);
    const batch = async () => {
      const response = await fetch(balanced.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([1, 2].map((id) => ({ jsonrpc: "2.0", id, method: "eth_blockNumber", params: [] }))),
      });
      return ((await response.json()) as { result: string }[]).map((r) => Number(r.result));
    };
    expect(await batch()).toEqual([head, head]);
    expect(await batch()).toEqual([head - 3, head - 3]);
  });

  it("speaks Besu's error texts", async () => {
    const besu = await proxy({ besuErrors: true });
    const wallet = Wallet.createRandom();
    const raw = await transfer(wallet, 0);
    await call(besu.url, "eth_sendRawTransaction", [raw]);
    await call(anvil.rpcUrl, "anvil_mine", ["0x1"]);
    expect((await call(besu.url, "eth_sendRawTransaction", [raw])).error).toMatchObject({ message: "Nonce too low" });
    expect((await call(besu.url, "eth_sendRawTransaction", ["0x1234"])).error).toEqual({
      code: -32602,
      message: "Invalid params",
    });
  });

  it("accepts a raw transaction and never answers, and injects errors", async () => {
    const hanging = await proxy({ hangAfterSend: true });
    const wallet = Wallet.createRandom();
    await expect(call(hanging.url, "eth_sendRawTransaction", [await transfer(wallet, 0)])).rejects.toThrow();
    await call(anvil.rpcUrl, "anvil_mine", ["0x1"]);
    expect((await call(anvil.rpcUrl, "eth_getTransactionCount", [wallet.address, "latest"])).result).toBe("0x1");
    hanging.inject("eth_chainId", { code: -32603, message: "Internal error" });
    expect((await call(hanging.url, "eth_chainId")).error).toEqual({ code: -32603, message: "Internal error" });
    expect((await call(hanging.url, "eth_chainId")).result).toBe("0x7a69");
  });

  it("flaps: cuts connections during its down intervals", async () => {
    const flapping = await proxy({ flap: { upInMs: 100, downInMs: 100 } });
    const outcomes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      outcomes.add(
        await call(flapping.url, "eth_chainId").then(
          () => "answered",
          () => "cut",
        ),
      );
      await new Promise((r) => setTimeout(r, 35));
    }
    expect(outcomes).toEqual(new Set(["answered", "cut"]));
  });
});

describe("startHostileChain", () => {
  it("stands five endpoints on free loopback ports and closes them", async () => {
    const hostile = await startHostileChain(anvil.rpcUrl);
    expect(hostile.urls).toHaveLength(5);
    expect(hostile.urls.every((u) => /^http:\/\/127\.0\.0\.1:\d+$/.test(u))).toBe(true);
    expect((await call(hostile.steady.url, "eth_chainId")).result).toBe("0x7a69");
    await hostile.close();
    await expect(call(hostile.steady.url, "eth_chainId")).rejects.toThrow();
  });
});
