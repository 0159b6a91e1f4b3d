import { evmWriter } from "../support/evmWriter.js";
import type { Wallet } from "ethers";
import { afterAll, describe, expect, it } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { reconcileSigner } from "../../lib/submission/reconcileSigner.js";
import { testStack } from "../stack.js";
import { FREE_GAS, freshWallet, testProvider } from "../support/chain.js";
import { ManualClock, WalletSigner } from "../support/memoryPorts.js";
import { MemoryTransactions } from "../support/memoryTransactions.js";

const provider = testProvider();
const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
afterAll(() => pool.destroy());

describe("reconcileSigner", () => {
  it("fills the nonce of a dropped batch that never mined and leaves its row dropped (finding 3)", async () => {
    const wallet = freshWallet(provider) as Wallet;
    const ledger = new CreditRegistryLedger({
      pool,
      chainId: 31337n,
      contractAddress: wallet.address,
      feeStrategy: "zero",
    });
    const deps = {
      transactions: new MemoryTransactions(),
      writer: evmWriter(ledger, new WalletSigner(wallet)),
      clock: new ManualClock(),
    };
    // A batch a node refused for good: stored at nonce 0, dropped, its updates requeued; the nonce stays unused.
    const refused = await wallet.signTransaction({
      to: wallet.address,
      nonce: 0,
      gasLimit: 30_000n,
      chainId: 31337n,
      ...FREE_GAS,
    });
    await deps.transactions.commit(
      {
        address: wallet.address,
        nonce: 0,
        hash: "0x" + "00".repeat(32),
        raw: refused,
        entries: [{ updateId: "u-1", updateIdHash: "0x" + "01".repeat(32), subjectKey: "0x" + "02".repeat(32) }],
        status: "dropped",
        createdAt: new Date().toISOString(),
        broadcasts: 1,
      },
      null,
    );
    const report = await reconcileSigner(deps);
    expect(report).toMatchObject({ ourNonce: 1, chainNonce: 0, filled: [0] });
    expect(await deps.transactions.get(wallet.address, 0)).toMatchObject({ status: "dropped", broadcasts: 1 });
    expect(await deps.transactions.unfinished(wallet.address)).toEqual([]);
    await expect.poll(() => ledger.nonceOf(wallet.address, "latest")).toBe(1); // anvil mines just after answering
  });
});
