// A CreditRegistry of the benchmarks' own on a chain (anvil), deployed by a fresh key that is its only member, with
// a provider that neither batches nor caches, so each measured call is one request.
import { ContractFactory, JsonRpcProvider, Wallet, type Contract } from "ethers";
import { creditRegistryAbi, creditRegistryBytecode } from "../contracts/artifacts/creditRegistryArtifact.js";

/** Zero fees (anvil runs the benchmarks with a zero base fee). */
export const FREE = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };

/** Deploys a registry whose only member is a new wallet; receipts are polled every `pollingInterval` ms. */
export async function ownRegistry(
  rpcUrl: string,
  pollingInterval: number,
): Promise<{ provider: JsonRpcProvider; wallet: Wallet; registry: Contract }> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
    pollingInterval,
  });
  const wallet = new Wallet(Wallet.createRandom().privateKey, provider);
  const factory = new ContractFactory(creditRegistryAbi, creditRegistryBytecode, wallet);
  const registry = (await (await factory.deploy([wallet.address], FREE)).waitForDeployment()) as Contract;
  return { provider, wallet, registry };
}
