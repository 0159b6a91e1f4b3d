// The ledger seam's EVM writer as the use-case tests wire it: a registry ledger, a signer and the batch limits of
// the test banks (a 15M gas budget and 120 kB of calldata).
import { EvmLedgerWriter, type WriterRegistry } from "../../lib/adapters/evm/evmLedgerWriter.js";
import type { TransactionSigner } from "../../lib/adapters/evm/transactionSigner.js";

/** A writer of `signer`'s batches to `registry`, at most `maxRecords` records a batch. */
export function evmWriter(registry: WriterRegistry, signer: TransactionSigner, maxRecords = 50): EvmLedgerWriter {
  return new EvmLedgerWriter({
    registry,
    signer,
    batch: { gasBudget: 15_000_000n, maxRecords, maxCalldataBytes: 120_000 },
  });
}
