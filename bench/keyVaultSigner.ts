// `npm run bench:keyvault`: transaction signatures per second through the production KeyVaultSigner (real
// @azure/keyvault-keys client, ManagedIdentityCredential, HTTPS) against the in-process Key Vault stand-in, next
// to a local ethers Wallet in the same process; then the signer under a small rate limit. Prints a table.
import { ManagedIdentityCredential } from "@azure/identity";
import { Wallet, type AbstractSigner, type TransactionRequest } from "ethers";
import { startKeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { KeyVaultSigner } from "../lib/adapters/keyvault/keyVaultSigner.js";

const SIGNS = Number(process.env.BENCH_SIGNS ?? 2_000);
const UNLIMITED = { operations: 1_000_000, windowInMs: 1_000 };

function transaction(nonce: number): TransactionRequest {
  return {
    type: 2,
    to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    data: "0x1234",
    nonce,
    gasLimit: 100_000n,
    chainId: 31337n,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
  };
}

/** Signs `count` transactions with `concurrency` in flight; returns signatures per second. */
async function signsPerSecond(signer: AbstractSigner, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) await signer.signTransaction(transaction(next++));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

const standIn = await startKeyVaultStandIn({ keys: ["bench-signer"] });
process.env.IDENTITY_ENDPOINT = standIn.identityEndpoint;
process.env.IDENTITY_HEADER = standIn.identityHeader;
const options = {
  vaultUrl: standIn.vaultUrl,
  keyName: "bench-signer",
  credential: new ManagedIdentityCredential(),
  clientOptions: standIn.clientOptions,
};
const unlimited = await KeyVaultSigner.create({ ...options, rateLimit: UNLIMITED });
const wallet = Wallet.createRandom();
await signsPerSecond(unlimited, 200, 4); // warm-up: TLS sessions, JIT

const rows: { signer: string; concurrency: number; signs: number; perSecond: number }[] = [];
for (const concurrency of [1, 8, 32]) {
  rows.push({
    signer: "ethers Wallet (local key)",
    concurrency,
    signs: SIGNS,
    perSecond: await signsPerSecond(wallet, SIGNS, concurrency),
  });
  rows.push({
    signer: "KeyVaultSigner → stand-in",
    concurrency,
    signs: SIGNS,
    perSecond: await signsPerSecond(unlimited, SIGNS, concurrency),
  });
}
// A small limit shows the bucket capping the rate (the default, 2,000 per 10 s, is above what one process reaches).
const cap = { operations: 100, windowInMs: 1_000 };
const limited = await KeyVaultSigner.create({ ...options, rateLimit: cap });
rows.push({
  signer: `KeyVaultSigner, limit ${cap.operations} per ${cap.windowInMs} ms`,
  concurrency: 32,
  signs: 500,
  perSecond: await signsPerSecond(limited, 500, 32),
});

console.log(`Key Vault signer benchmark (${SIGNS} EIP-1559 transactions per row, stand-in in the same process)`);
console.table(rows.map((row) => ({ ...row, perSecond: Math.round(row.perSecond) })));
console.log("Key Vault calls:", standIn.operationCounts());
await standIn.stop();
