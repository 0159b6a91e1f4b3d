// A bank for use-case tests on the real chain: the submission use cases wired with in-memory stores and anvil behind
// a TCP proxy the test can kill, and helpers that drive it until nothing is pending.
import type { JsonRpcProvider, Wallet } from "ethers";
import { CreditRegistryLedger } from "../../lib/adapters/evm/creditRegistryLedger.js";
import { RpcPool } from "../../lib/adapters/evm/rpcPool.js";
import { confirmTransaction, type ConfirmStep } from "../../lib/submission/confirmTransaction.js";
import type { IngestDeps } from "../../lib/submission/ingestUpdate.js";
import { submitNextBatch, type SubmitDeps } from "../../lib/submission/submitNextBatch.js";
import { evmWriter } from "./evmWriter.js";
import { deployRegistry, freshWallet, testProvider } from "./chain.js";
import { CountingRandom, ManualClock, MemoryOutbox, MemoryResults, WalletSigner } from "./memoryPorts.js";
import { MemoryTransactions } from "./memoryTransactions.js";
import { startTcpProxy, type TcpProxy } from "../../local/tcpProxy.js";

const provider = testProvider();
const secret = new Uint8Array(32).fill(9);
const pools: RpcPool[] = [];
const proxies: TcpProxy[] = [];

/** Stops every bank's pool and proxy (call in afterAll). */
export async function closeBanks(): Promise<void> {
  for (const pool of pools.splice(0)) pool.destroy();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
}

/** Options for {@link bank}. */
export interface BankOptions {
  /** Whether the bank's key is a member of its registry (default true; a non-member's batches revert). */
  member?: boolean;
  /** The node the registry is deployed on (default the test run's anvil). */
  provider?: JsonRpcProvider;
  /** The endpoints the bank reads and sends through (default one TCP proxy in front of the node, `proxy`). */
  urls?: (proxyUrl: string) => string[];
  maxRecords?: number;
  rebroadcastEveryChecks?: number;
}

/**
 * A bank wired with in-memory stores and the real chain (anvil), by default behind a proxy the test can kill; hostile
 * endpoints can be put in front of the node instead (`urls`), with short timeouts.
 */
export async function bank(options: BankOptions = {}) {
  const node = options.provider ?? provider;
  const wallet = freshWallet(node);
  const contractAddress = await deployRegistry(freshWallet(node), [
    options.member === false ? freshWallet(node).address : wallet.address,
  ]);
  const proxy = await startTcpProxy(node._getConnection().url);
  proxies.push(proxy);
  const urls = options.urls?.(proxy.url) ?? [proxy.url];
  const timeouts = options.urls ? { timeoutInMs: 400, maxCooldownInMs: 200 } : { timeoutInMs: 1_000 };
  const pool = new RpcPool({ urls, chainId: 31337n, cooldownInMs: 50, ...timeouts });
  pools.push(pool);
  const ledger = new CreditRegistryLedger({ pool, chainId: 31337n, contractAddress, feeStrategy: "zero" });
  const signer = new WalletSigner(wallet as Wallet);
  const deps = {
    outbox: new MemoryOutbox(),
    transactions: new MemoryTransactions(),
    results: new MemoryResults(),
    clock: new ManualClock(),
    random: new CountingRandom(),
    ledger,
    signer,
    writer: evmWriter(ledger, signer, options.maxRecords),
    settings: {
      scoreRange: { min: 0, max: 1000 },
      subjectKeySecret: secret,
      batch: { maxRecords: options.maxRecords ?? 50 },
      confirmations: 1,
      rebroadcastEveryChecks: options.rebroadcastEveryChecks ?? 1,
    },
  } satisfies IngestDeps & SubmitDeps & Parameters<typeof confirmTransaction>[0] & ChainParts;
  return { deps, wallet, proxy, ledger };
}

/** What the tests read the chain and the key through, beside the use cases' ports. */
interface ChainParts {
  ledger: CreditRegistryLedger;
  signer: WalletSigner;
}

export type Bank = Awaited<ReturnType<typeof bank>>;

/** Runs submitter steps and confirmation checks until nothing is pending. */
export async function drain({ deps }: Bank): Promise<ConfirmStep[]> {
  const finals: ConfirmStep[] = [];
  for (let round = 0; round < 20; round++) {
    const { submitted } = await submitNextBatch(deps);
    const inFlight = await deps.transactions.unfinished(await deps.signer.getAddress());
    if (submitted.length === 0 && inFlight.length === 0) return finals;
    for (const tx of inFlight) {
      const step = await confirmTransaction(deps, { address: tx.address, nonce: tx.nonce, check: round });
      if (step.status === "final") finals.push(step);
    }
  }
  throw new Error("the pipeline did not drain");
}

export function finalStatuses(b: Bank): Map<string, string> {
  const finals = b.deps.results.published.filter((r) => r.status !== "accepted");
  return new Map(finals.map((r) => [r.updateId, r.status]));
}
