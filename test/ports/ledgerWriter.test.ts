// The LedgerWriter contract on the in-memory writer and on the EVM writer over one anvil endpoint.
import { afterAll } from "vitest";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { testStack } from "../stack.js";
import { testProvider } from "../support/chain.js";
import { evmWriter } from "../support/evmWriter.js";
import { MemoryLedgerWriter } from "../support/memoryLedgerWriter.js";
import { WalletSigner } from "../support/memoryPorts.js";
import { registryFor } from "./ledger.contract.js";
import { describeLedgerWriter } from "./ledgerWriter.contract.js";

const provider = testProvider();
const pool = new RpcPool({ urls: [testStack().anvilRpcUrl], chainId: 31337n, timeoutInMs: 2_000 });
afterAll(() => pool.destroy());

describeLedgerWriter("in memory", async () => {
  const account = "0x" + "ab".repeat(20);
  const writer = new MemoryLedgerWriter({ account, members: [account] });
  return { writer, account, mine: async () => writer.mine() };
});

describeLedgerWriter("EVM on one anvil endpoint", async () => {
  const { contractAddress, member } = await registryFor(provider);
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const writer = evmWriter(ledger, new WalletSigner(member));
  return { writer, account: member.address, mine: () => provider.send("anvil_mine", [1]) };
});
