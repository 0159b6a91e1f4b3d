// The two reference runs the benchmark compares creditlink with, on the same chain: the naive approach of the
// original reference implementation (one transaction per update through ethers, awaiting each receipt) and the raw
// chain bound (pre-signed batch transactions pushed straight to the chain: no queues, no storage, no Key Vault).
import { hexlify, randomBytes } from "ethers";
import { planBatch } from "../../lib/adapters/evm/batchPlanner.js";
import type { RecordInput } from "../../lib/domain/ledgerTypes.js";
import { scoreModelBytes16, updateIdHash } from "../../lib/domain/recordInput.js";
import { FREE, ownRegistry } from "../ownRegistry.js";

function record(i: number): RecordInput {
  return {
    subjectKey: hexlify(randomBytes(32)),
    score: 300 + (i % 550),
    scoreModel: scoreModelBytes16("FICO8"),
    asOf: BigInt(Date.now() + i),
    recordHash: hexlify(randomBytes(32)),
    updateId: updateIdHash(`ref-${i}-${hexlify(randomBytes(4))}`),
  };
}

/** One transaction per update, each awaited: records confirmed per second over `durationInMs`. */
export async function naiveLoop(
  rpcUrl: string,
  durationInMs: number,
): Promise<{ confirmedPerSecond: number; records: number }> {
  const { provider, registry } = await ownRegistry(rpcUrl, 100);
  const started = performance.now();
  let records = 0;
  while (performance.now() - started < durationInMs) {
    const tx = await registry.getFunction("upsertBatch")([record(records)], FREE);
    await tx.wait();
    records++;
  }
  provider.destroy();
  return { confirmedPerSecond: (records * 1000) / (performance.now() - started), records };
}

/** Pre-signed full batches pushed at once: records mined per second from the push to the last receipt. */
export async function rawChainBound(
  rpcUrl: string,
  options: { records: number; gasBudget: bigint },
): Promise<{ confirmedPerSecond: number; records: number; transactions: number }> {
  const { provider, wallet, registry } = await ownRegistry(rpcUrl, 100);
  const plan = planBatch(Number.MAX_SAFE_INTEGER, {
    gasBudget: options.gasBudget,
    maxRecords: 2_000,
    maxCalldataBytes: 120_000,
  });
  const nonce = await provider.getTransactionCount(wallet.address, "latest");
  const { chainId } = await provider.getNetwork();
  const raws: string[] = [];
  for (let sent = 0, i = 0; sent < options.records; sent += plan.count, i++) {
    const batch = Array.from({ length: Math.min(plan.count, options.records - sent) }, (_, j) => record(sent + j));
    const data = registry.interface.encodeFunctionData("upsertBatch", [batch]);
    raws.push(
      await wallet.signTransaction({
        to: await registry.getAddress(),
        data,
        nonce: nonce + i,
        gasLimit: plan.gasLimit,
        chainId,
        type: 2,
        ...FREE,
      }),
    );
  }
  const started = performance.now();
  const hashes = await Promise.all(
    raws.map((raw) => provider.send("eth_sendRawTransaction", [raw]) as Promise<string>),
  );
  for (const hash of hashes) await provider.waitForTransaction(hash);
  const elapsed = performance.now() - started;
  provider.destroy();
  return {
    confirmedPerSecond: (options.records * 1000) / elapsed,
    records: options.records,
    transactions: raws.length,
  };
}
