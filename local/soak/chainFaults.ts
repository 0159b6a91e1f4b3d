// The two faults of a bank's signing key: a foreign write (a transaction signed with the bank's Key Vault key
// outside creditlink, through the Key Vault SDK against the stand-in, at the chain's next nonce, so the bank's own
// next transaction at that nonce loses) and a nonce gap (the bank's stored nonce advanced past one that never got a
// transaction, as a lost write would leave it; only reconciliation fills it).
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { Interface, Signature, Transaction, hexlify, randomBytes, recoverAddress } from "ethers";
import { creditRegistryAbi } from "../../contracts/artifacts/creditRegistryArtifact.js";
import type { KeyVaultStandIn } from "@creditlink/keyvault-standin/keyVaultStandIn";
import { signingKeyName } from "../devStack/bankSettings.js";
import { jsonRpc } from "../jsonRpc.js";
import { openTableTransactionStore } from "../../lib/adapters/tables/tableTransactionStore.js";

const registry = new Interface(creditRegistryAbi);
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A foreign write that was broadcast: the bank, its nonce and hash, and the update id hash it wrote. */
export interface ForeignWrite {
  bank: string;
  nonce: number;
  txHash: string;
  updateIdHash: string;
}

/** Signs an `upsertBatch` of one made-up record (random subject key: no personal data) with `bank`'s key. */
export async function foreignWrite(
  target: { rpcUrl: string; chainId: number; contractAddress: string; keyVault: KeyVaultStandIn },
  bank: { name: string; address: string },
): Promise<ForeignWrite> {
  const updateIdHash = hexlify(randomBytes(32));
  const data = registry.encodeFunctionData("upsertBatch", [
    [
      {
        subjectKey: hexlify(randomBytes(32)),
        score: 500,
        scoreModel: hexlify(Buffer.from("foreign".padEnd(16, "\0"))),
        asOf: BigInt(Date.now()),
        recordHash: hexlify(randomBytes(32)),
        updateId: updateIdHash,
      },
    ],
  ]);
  const nonce = Number(await jsonRpc<string>(target.rpcUrl, "eth_getTransactionCount", [bank.address, "pending"]));
  const tx = Transaction.from({
    type: 2,
    chainId: target.chainId,
    nonce,
    to: target.contractAddress,
    data,
    gasLimit: 300_000n,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
  });
  tx.signature = await signWithVault(target.keyVault, signingKeyName(bank.name), tx.unsignedHash, bank.address);
  const txHash = await jsonRpc<string>(target.rpcUrl, "eth_sendRawTransaction", [tx.serialized]);
  return { bank: bank.name, nonce, txHash, updateIdHash };
}

/** Advances `bank`'s stored nonce by one, leaving a nonce with no transaction behind. */
export async function injectNonceGap(storageConnectionString: string, bank: string, address: string): Promise<number> {
  const prefix = bank.replace(/[^A-Za-z0-9]/g, "");
  // Through the store itself, so the nonce row's layout stays the adapter's own.
  const store = await openTableTransactionStore(storageConnectionString, `${prefix}transactions`);
  for (let attempt = 0; ; attempt++) {
    const { nonce: skipped, version } = await store.nextNonce(address);
    try {
      await store.setNextNonce(address, skipped + 1, version);
      return skipped;
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/** An Ethereum signature over `digest` from the vault's ES256K key: low s, recovery id found by recovery. */
async function signWithVault(keyVault: KeyVaultStandIn, keyName: string, digest: string, address: string) {
  const key = await new KeyClient(keyVault.vaultUrl, keyVault.credential, keyVault.clientOptions).getKey(keyName);
  const crypto = new CryptographyClient(key, keyVault.credential, keyVault.clientOptions);
  const { result } = await crypto.sign("ES256K", Buffer.from(digest.slice(2), "hex"));
  const r = hexlify(result.subarray(0, 32));
  let s = BigInt(hexlify(result.subarray(32, 64)));
  if (s > CURVE_ORDER / 2n) s = CURVE_ORDER - s;
  const sHex = "0x" + s.toString(16).padStart(64, "0");
  for (const v of [27, 28]) {
    const signature = Signature.from({ r, s: sHex, v });
    if (recoverAddress(digest, signature).toLowerCase() === address.toLowerCase()) return signature;
  }
  throw new Error(`the vault's ${keyName} signature does not recover to ${address}`);
}
