import { Transaction, Wallet, keccak256 } from "ethers";
import { describe, expect, it } from "vitest";
import { EthersTransactionSigner, toTransactionRequest } from "../../lib/adapters/evm/ethersTransactionSigner.js";
import type { UnsignedTransaction } from "../../lib/adapters/evm/transactionSigner.js";

const WALLET = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const BASE: UnsignedTransaction = {
  to: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  data: "0xabcdef",
  nonce: 7,
  gasLimit: 100_000n,
  chainId: 31337n,
};

describe("EthersTransactionSigner", () => {
  it("returns the raw bytes, their keccak256 hash and the nonce", async () => {
    const signer = new EthersTransactionSigner(WALLET);
    const signed = await signer.signTransaction({ ...BASE, maxFeePerGas: 5n, maxPriorityFeePerGas: 1n });
    const parsed = Transaction.from(signed.raw);
    expect(signed.hash).toBe(keccak256(signed.raw));
    expect(signed.hash).toBe(parsed.hash);
    expect(signed.nonce).toBe(7);
    expect(parsed).toMatchObject({ type: 2, nonce: 7, from: WALLET.address, data: "0xabcdef", chainId: 31337n });
    expect(await signer.getAddress()).toBe(WALLET.address);
  });

  it("signs a legacy EIP-155 transaction when gasPrice is set", async () => {
    const signed = await new EthersTransactionSigner(WALLET).signTransaction({ ...BASE, gasPrice: 0n });
    const parsed = Transaction.from(signed.raw);
    expect(parsed).toMatchObject({ type: 0, gasPrice: 0n, from: WALLET.address });
    expect(parsed.signature?.networkV).toBe(31337n * 2n + 35n + BigInt(parsed.signature?.yParity ?? 0));
  });

  it("signs byte-identical bytes for the same transaction (rebroadcasts stay identical)", async () => {
    const signer = new EthersTransactionSigner(WALLET);
    const tx = { ...BASE, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
    expect((await signer.signTransaction(tx)).raw).toBe((await signer.signTransaction(tx)).raw);
  });
});

describe("toTransactionRequest", () => {
  it("builds EIP-1559 requests with zero fees when none are given", () => {
    expect(toTransactionRequest(BASE)).toMatchObject({ type: 2, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n });
  });
});
