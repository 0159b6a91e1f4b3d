// Test helpers for the local chain: a provider tuned for anvil, fresh keyless-cost wallets (the chain has free gas,
// so a new random account can transact, and test files never share a nonce stream) and registry deployment.
import { ContractFactory, JsonRpcProvider, Wallet, type BaseContract } from "ethers";
import { creditRegistryAbi, creditRegistryBytecode } from "../../contracts/artifacts/creditRegistryArtifact.js";
import { testStack } from "../stack.js";

/** Zero fees: the consortium chain (and the test anvil) runs with free gas. */
export const FREE_GAS = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n } as const;

/** A provider on the test anvil without ethers' batching delay and nonce cache. */
/** Mines one block on the shared anvil (it mines only when a transaction comes, where a real chain keeps going). */
export async function mineBlock(url = testStack().anvilRpcUrl): Promise<void> {
  const provider = testProvider(url);
  await provider.send("evm_mine", []);
  provider.destroy();
}

export function testProvider(url = testStack().anvilRpcUrl): JsonRpcProvider {
  return new JsonRpcProvider(url, undefined, {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
    pollingInterval: 20,
  });
}

/** A new random account connected to `provider`. */
export function freshWallet(provider: JsonRpcProvider): Wallet {
  return new Wallet(Wallet.createRandom().privateKey, provider);
}

/** Deploys a CreditRegistry with the given founding members and returns its address. */
export async function deployRegistry(deployer: Wallet, members: readonly string[]): Promise<string> {
  const factory = new ContractFactory(creditRegistryAbi, creditRegistryBytecode, deployer);
  const contract = (await factory.deploy(members, FREE_GAS)) as BaseContract;
  await contract.waitForDeployment();
  return contract.getAddress();
}
