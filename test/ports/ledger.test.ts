// The Ledger contract on one well-behaved anvil endpoint and on hostile endpoints in front of the same anvil.
import { afterAll } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { startHostileChain, type HostileChain } from "../../local/chainProxy/hostileChain.js";
import { testStack } from "../stack.js";
import { testProvider } from "../support/chain.js";
import { describeLedger, registryFor, type LedgerUnderTest } from "./ledger.contract.js";

const provider = testProvider();
const pools: RpcPool[] = [];
const chains: HostileChain[] = [];
afterAll(async () => {
  pools.forEach((p) => p.destroy());
  await Promise.all(chains.map((c) => c.close()));
});

async function ledgerOn(urls: readonly string[]): Promise<LedgerUnderTest> {
  const { contractAddress, member } = await registryFor(provider);
  const pool = new RpcPool({ urls, chainId: 31337n, timeoutInMs: 1_000, cooldownInMs: 50 });
  pools.push(pool);
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  return { ledger, member, mine: (blocks) => provider.send("anvil_mine", [blocks]) };
}

describeLedger("one anvil endpoint", () => ledgerOn([testStack().anvilRpcUrl]));
describeLedger("lagging, flapping, hanging and steady endpoints (Besu's error texts)", async () => {
  const chain = await startHostileChain(testStack().anvilRpcUrl);
  chains.push(chain);
  return ledgerOn(chain.urls);
});
